/**
 * The embedded AWS emulator: one loopback HTTP endpoint serving every emulated service (routed by
 * the SigV4 credential scope) plus the /_emulator control API. `startEmulator({ port: 0 })` picks a free port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { redactSecrets } from '../outcomes/redact.js'
import { handleControlRequest, isControlPath } from './control/control-api.js'
import { bootstrapState } from './core/bootstrap.js'
import { handleAwsRequest } from './core/pipeline.js'
import { GLOBAL_STS_PATH } from './core/route-service.js'
import { EmulatorState, type EmulatorStateOptions } from './core/state.js'
import type { IncomingRequest } from './protocols/types.js'

/** The state's options (durations, timeline, faults, …) plus where to listen; `date` may be an ISO string. */
export interface EmulatorOptions extends Omit<EmulatorStateOptions, 'date'> {
  /** Default 127.0.0.1 (loopback). */
  host?: string
  /** Default 0: any free port. */
  port?: number
  /** Simulated start date. Default: now. */
  date?: Date | string
}

export interface RunningEmulator {
  endpoint: string
  /** The STS global endpoint (v1 session tokens): `<endpoint>/global-sts`. */
  globalStsEndpoint: string
  port: number
  host: string
  /** The current state; replaced by `POST /_emulator/reset`. */
  readonly state: EmulatorState
  stop(): Promise<void>
}

const MAX_BODY_BYTES = 16 * 1024 * 1024

export function createEmulatorState(options: EmulatorOptions = {}): EmulatorState {
  const date = options.date === undefined ? undefined : new Date(options.date)
  if (date && Number.isNaN(date.getTime())) throw new TypeError(`Invalid emulator date: ${String(options.date)}`)
  const state = new EmulatorState({
    date,
    timeScale: options.timeScale,
    durations: options.durations,
    timeline: options.timeline,
    faults: options.faults,
    seed: options.seed,
    maxAccounts: options.maxAccounts,
    auditWindow: options.auditWindow,
    iamPropagationByRegionMs: options.iamPropagationByRegionMs,
  })
  bootstrapState(state)
  return state
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  let state = createEmulatorState(options)
  const target = {
    get state() {
      return state
    },
    reset() {
      state = createEmulatorState(options)
    },
  }
  const server = createServer({ keepAlive: true }, (req, res) => {
    serve(target, req, res).catch((error: unknown) => failInternally(res, error))
  })
  const host = options.host ?? '127.0.0.1'
  await listen(server, host, options.port ?? 0)
  const port = (server.address() as AddressInfo).port
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  return {
    endpoint,
    globalStsEndpoint: `${endpoint}${GLOBAL_STS_PATH}`,
    port,
    host,
    get state() {
      return state
    },
    stop: () => close(server),
  }
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

async function serve(
  target: { readonly state: EmulatorState; reset(): void },
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(req)
  if (body === undefined)
    return send(res, 413, { 'content-type': 'application/json' }, '{"error":"Request body too large"}')
  const url = req.url ?? '/'
  const queryStart = url.indexOf('?')
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart)
  const query = new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1))
  const method = req.method ?? 'GET'

  if (isControlPath(rawPath)) {
    const answer = handleControlRequest(target, method, rawPath, query, body)
    return send(res, answer.status, { 'content-type': 'application/json' }, JSON.stringify(answer.body))
  }
  const request: IncomingRequest = { method, rawPath, query, headers: req.headers, body }
  const result = await handleAwsRequest(target.state, request, {
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    secureTransport: false,
  })
  if (result.kind === 'reset') {
    req.socket.destroy()
    return
  }
  send(res, result.response.status, result.response.headers, result.response.body)
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= MAX_BODY_BYTES) chunks.push(chunk)
    })
    req.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)),
    )
    req.on('error', reject)
  })
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) })
  res.end(body)
}

function failInternally(res: ServerResponse, error: unknown): void {
  // A client that hung up mid-request (Node's "aborted", ECONNRESET) is not an emulator failure.
  if ((error as { code?: unknown }).code === 'ECONNRESET') {
    res.destroy()
    return
  }
  process.stderr.write(
    redactSecrets(
      `harness emulator: request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    ),
  )
  if (res.headersSent) {
    res.destroy()
    return
  }
  send(res, 500, { 'content-type': 'application/json' }, '{"error":"internal emulator error"}')
}
