/**
 * The five operations #13 compares with moto, as raw wire requests: each request of a create
 * operation names a new resource, so every one succeeds and does the full work. Requests are signed
 * with SigV4 before timing (the emulator verifies every signature; moto accepts them unverified) and
 * replayed over a keep-alive agent with a fixed number in flight.
 */
import net from 'node:net'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'

export interface WireOperation {
  label: string
  service: string
  region: string
  /** IAM CreateRole stays under AWS's (and the emulator's) 1,000 roles per account, warm-up included. */
  maxRequests?: number
  maxWarmUp?: number
  request(index: number): { headers: Record<string, string>; body: string }
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
const json11 = (target: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target })
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
})

export const WIRE_OPERATIONS: WireOperation[] = [
  {
    label: 'STS GetCallerIdentity',
    service: 'sts',
    region: 'us-east-1',
    request: () => ({ headers: FORM, body: 'Action=GetCallerIdentity&Version=2011-06-15' }),
  },
  {
    label: 'Logs CreateLogGroup with tags',
    service: 'logs',
    region: 'eu-west-1',
    request: (i) => ({
      headers: json11('Logs_20140328.CreateLogGroup'),
      body: JSON.stringify({ logGroupName: `/bench/group-${i}`, tags: { team: 'harness' } }),
    }),
  },
  {
    label: 'ECR CreateRepository',
    service: 'ecr',
    region: 'eu-west-1',
    request: (i) => ({
      headers: json11('AmazonEC2ContainerRegistry_V20150921.CreateRepository'),
      body: JSON.stringify({ repositoryName: `bench/repo-${i}` }),
    }),
  },
  {
    label: 'EC2 DescribeRegions',
    service: 'ec2',
    region: 'us-east-1',
    request: () => ({ headers: FORM, body: 'Action=DescribeRegions&Version=2016-11-15' }),
  },
  {
    label: 'IAM CreateRole',
    service: 'iam',
    region: 'us-east-1',
    maxRequests: 900,
    maxWarmUp: 50,
    request: (i) => ({
      headers: FORM,
      body: `Action=CreateRole&Version=2010-05-08&RoleName=bench-role-${i}&AssumeRolePolicyDocument=${encodeURIComponent(TRUST)}`,
    }),
  },
]

export interface SignedRequest {
  headers: Record<string, string>
  body: string
}

export const BENCH_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' }

/** Signs requests `from` … `from + count - 1` of `operation` for a server on `port`. */
export async function signRequests(
  operation: WireOperation,
  port: number,
  from: number,
  count: number,
): Promise<SignedRequest[]> {
  const signer = new SignatureV4({
    credentials: BENCH_CREDENTIALS,
    region: operation.region,
    service: operation.service,
    sha256: Hash.bind(null, 'sha256'),
  })
  const signed: SignedRequest[] = []
  for (let i = from; i < from + count; i++) {
    const { headers, body } = operation.request(i)
    const request = new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      headers: { host: `127.0.0.1:${port}`, ...headers },
      body,
    })
    signed.push({ headers: (await signer.sign(request)).headers, body })
  }
  return signed
}

export interface ReplayResult {
  seconds: number
  /** Responses other than HTTP 200 (each one a bench defect to look at, reported rather than hidden). */
  failures: number
  firstFailure?: string
}

/** The bytes of one HTTP/1.1 keep-alive request. */
export function serializeRequest(request: SignedRequest): Buffer {
  const headers = Object.entries(request.headers)
    .filter(([name]) => name.toLowerCase() !== 'content-length')
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  const body = Buffer.from(request.body)
  return Buffer.concat([
    Buffer.from(`POST / HTTP/1.1\r\n${headers}content-length: ${body.length}\r\nconnection: keep-alive\r\n\r\n`),
    body,
  ])
}

export interface RawResponse {
  status: number
  body: Buffer
  /** The server answered `connection: close`: the next request needs a new connection. */
  close: boolean
}

/**
 * One HTTP/1.1 connection on a raw socket, one request at a time. Hand-written so the client costs far
 * less CPU per request than the servers it measures (node:http's client costs about as much as the
 * emulator's server side, and on a shared 2-core machine it would cap the figures). Responses need a
 * content-length, which both servers send.
 */
export class RawConnection {
  private readonly socket: net.Socket
  private readonly connected: Promise<void>
  private buffered: Buffer = Buffer.alloc(0)
  private pending: { resolve(response: RawResponse): void; reject(error: Error): void } | undefined

  constructor(port: number) {
    this.socket = net.connect(port, '127.0.0.1')
    this.socket.setNoDelay(true)
    this.connected = new Promise((resolve) => this.socket.once('connect', resolve))
    this.socket.on('data', (chunk) => this.receive(chunk))
    this.socket.on('error', (error) => this.fail(error))
    this.socket.on('close', () => this.fail(new Error('connection closed before the response was complete')))
  }

  async send(payload: Buffer): Promise<RawResponse> {
    await this.connected
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject }
      this.socket.write(payload)
    })
  }

  end(): void {
    this.socket.end()
  }

  private receive(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk])
    const headerEnd = this.buffered.indexOf('\r\n\r\n')
    if (headerEnd < 0) return
    const head = this.buffered.subarray(0, headerEnd).toString('latin1')
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? Number.NaN)
    if (!Number.isFinite(length)) {
      this.fail(new Error(`response without content-length: ${head.slice(0, 200)}`))
      return
    }
    const end = headerEnd + 4 + length
    if (this.buffered.length < end) return
    const response = {
      status: Number(head.slice(9, 12)),
      body: this.buffered.subarray(headerEnd + 4, end),
      close: /\r\nconnection:\s*close/i.test(head),
    }
    this.buffered = this.buffered.subarray(end)
    const pending = this.pending
    this.pending = undefined
    if (response.close) this.socket.destroy()
    pending?.resolve(response)
  }

  private fail(error: Error): void {
    const pending = this.pending
    this.pending = undefined
    pending?.reject(error)
  }
}

/**
 * Sends every request once over `concurrency` keep-alive connections, one request in flight on each.
 * A server that answers `connection: close` (moto's werkzeug does, every time) gets a new connection
 * for the next request, which is part of its cost.
 */
export async function replay(port: number, requests: SignedRequest[], concurrency: number): Promise<ReplayResult> {
  const payloads = requests.map(serializeRequest)
  let next = 0
  let failures = 0
  let firstFailure: string | undefined
  const record = ({ status, body }: RawResponse) => {
    if (status === 200) return
    failures++
    firstFailure ??= `HTTP ${status}: ${body.toString('utf8').replace(/\s+/g, ' ').slice(0, 160)}`
  }
  const connection = async () => {
    let current: RawConnection | undefined
    while (next < payloads.length) {
      current ??= new RawConnection(port)
      const response = await current.send(payloads[next++]!)
      record(response)
      if (response.close) current = undefined
    }
    current?.end()
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, connection))
  return { seconds: (performance.now() - started) / 1000, failures, firstFailure }
}
