/**
 * Raw-HTTP throughput measuring shared by the benchmarks: a keep-alive client replaying one
 * SigV4-signed request (each copy fully verified by the emulator), and a loop that times `send`
 * with a fixed number of requests in flight.
 */
import http from 'node:http'
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'

export interface Measurement {
  perSecond: number
  /** Process CPU per request (client share included), ms. */
  cpuMs: number
}

/** Runs `send` `requests` times with `concurrency` in flight; returns requests/s and CPU ms per request. */
export async function measure(
  send: () => Promise<unknown>,
  requests: number,
  concurrency: number,
): Promise<Measurement> {
  for (let i = 0; i < 200; i++) await send()
  let next = 0
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        next++
        await send()
      }
    }),
  )
  const seconds = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuBefore)
  return { perSecond: Math.round(requests / seconds), cpuMs: (cpu.user + cpu.system) / 1000 / requests }
}

/** The throughput part of a benchmark result: one operation through the SDK and as raw HTTP. */
export interface ThroughputResult {
  requests: number
  concurrency: number
  /** Real SDK client in the same process (client CPU shares the core). */
  sdkRequestsPerSecond: number
  /** Raw keep-alive HTTP client in the same process, replaying one signed request. */
  httpRequestsPerSecond: number
  /** Process CPU per raw HTTP request (client share included), ms, and the per-core rate it implies. */
  cpuMsPerRequest: number
  cpuBoundRequestsPerSecond: number
}

export function throughputResult(
  requests: number,
  concurrency: number,
  sdk: Measurement,
  direct: Measurement,
): ThroughputResult {
  return {
    requests,
    concurrency,
    sdkRequestsPerSecond: sdk.perSecond,
    httpRequestsPerSecond: direct.perSecond,
    cpuMsPerRequest: Number(direct.cpuMs.toFixed(3)),
    cpuBoundRequestsPerSecond: Math.round(1000 / direct.cpuMs),
  }
}

export interface RawRequest {
  /** The emulator's loopback port. */
  port: number
  service: string
  region: string
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** Headers besides `host`. */
  headers: Record<string, string>
  body: string
}

export interface RawSender {
  send: () => Promise<void>
  close: () => void
}

/** Signs `request` once, then `send` posts that same signed request over a keep-alive agent. */
export async function createRawSender(request: RawRequest, concurrency: number): Promise<RawSender> {
  const { port, body } = request
  const signer = new SignatureV4({
    credentials: request.credentials,
    region: request.region,
    service: request.service,
    sha256: Hash.bind(null, 'sha256'),
  })
  const signed = await signer.sign(
    new HttpRequest({
      method: 'POST',
      protocol: 'http:',
      hostname: '127.0.0.1',
      port,
      path: '/',
      headers: { host: `127.0.0.1:${port}`, ...request.headers },
      body,
    }),
  )
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const send = () =>
    new Promise<void>((resolve, reject) => {
      const options = { host: '127.0.0.1', port, method: 'POST', path: '/', headers: signed.headers, agent }
      const outgoing = http.request(options, (response) => {
        if (response.statusCode !== 200) reject(new Error(`emulator answered ${response.statusCode}`))
        response.resume()
        response.on('end', resolve)
      })
      outgoing.on('error', reject)
      outgoing.end(body)
    })
  return { send, close: () => agent.destroy() }
}
