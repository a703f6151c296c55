/**
 * The embedded AWS emulator: one loopback HTTP endpoint serving every emulated service (routed by
 * the SigV4 credential scope) plus the /_emulator control API, locked to its owner (control/access.ts).
 * `startEmulator({ port: 0 })` picks a free port; any other address than loopback needs `allowRemote`.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { redactSecrets } from '../outcomes/redact.js'
import { type ControlAccess, checkControlAccess, isLoopbackHost, newControlToken } from './control/access.js'
import { CONTROL_MAX_BODY_BYTES, handleControlRequest, isControlPath } from './control/control-api.js'
import { readRuntimeConfig } from './control/runtime-config-view.js'
import { bootstrapState } from './core/bootstrap.js'
import { handleAwsRequest } from './core/pipeline.js'
import { GLOBAL_STS_PATH } from './core/route-service.js'
import { EmulatorState, type EmulatorStateOptions } from './core/state.js'
import { tooLargeMessage, tooLargeResponse } from './core/too-large.js'
import { registerInProcessClock, registerInProcessConfig } from './in-process.js'
import type { IncomingRequest } from './protocols/types.js'

// Not `import { createServer } from 'node:http'`: on Node 22 an ES import of node:http builds its ESM
// facade, which reads every export, and the lazy WebSocket/fetch ones load undici (about 25 ms at start-up).
const { createServer } = process.getBuiltinModule('node:http')

/** The state's options (durations, timeline, faults, …) plus where to listen; `date` may be an ISO string. */
export interface EmulatorOptions extends Omit<EmulatorStateOptions, 'date'> {
  /** Default 127.0.0.1 (loopback). */
  host?: string
  /** Required to listen on anything but loopback: the emulator has no real authentication. */
  allowRemote?: boolean
  /** The control API's token; default a fresh random one per process. */
  controlToken?: string
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
  /** Send as `Authorization: Bearer <token>` with every control API mutation (see control/access.ts). */
  controlToken: string
  /** The current state; replaced by `POST /_emulator/reset`. */
  readonly state: EmulatorState
  stop(): Promise<void>
}

const MAX_BODY_BYTES = 16 * 1024 * 1024
const JSON_TYPE = { 'content-type': 'application/json' }

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
  const host = options.host ?? '127.0.0.1'
  if (!isLoopbackHost(host) && !options.allowRemote) throw new NonLoopbackError(host)
  const access: ControlAccess = { token: options.controlToken ?? newControlToken(), loopback: isLoopbackHost(host) }
  const server = createServer({ keepAlive: true }, (req, res) => {
    serve(target, access, req, res).catch((error: unknown) => failInternally(res, error))
  })
  await listen(server, host, options.port ?? 0)
  const port = (server.address() as AddressInfo).port
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`
  const unregisterClock = registerInProcessClock(endpoint, () => state.clock.now())
  const unregisterConfig = registerInProcessConfig(endpoint, () => readRuntimeConfig(state))
  return {
    endpoint,
    globalStsEndpoint: `${endpoint}${GLOBAL_STS_PATH}`,
    port,
    host,
    controlToken: access.token,
    get state() {
      return state
    },
    stop: () => {
      unregisterClock()
      unregisterConfig()
      return close(server)
    },
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

/** Listening beyond loopback was asked for without `allowRemote`. */
export class NonLoopbackError extends Error {
  readonly code = 'NON_LOOPBACK'
  constructor(host: string) {
    super(
      `refusing to listen on ${host}: its administrator credentials are the documented test/test, and it would be reachable from the network; ` +
        'listen on 127.0.0.1 (the default) or allow it explicitly (--allow-remote)',
    )
    this.name = 'NonLoopbackError'
  }
}

async function serve(
  target: { readonly state: EmulatorState; reset(): void },
  access: ControlAccess,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const body = await readBody(req)
  const url = req.url ?? '/'
  const queryStart = url.indexOf('?')
  const rawPath = queryStart < 0 ? url : url.slice(0, queryStart)
  const query = new URLSearchParams(queryStart < 0 ? '' : url.slice(queryStart + 1))
  const method = req.method ?? 'GET'
  if (body === undefined) {
    if (isControlPath(rawPath))
      return send(res, 413, JSON_TYPE, JSON.stringify({ error: tooLargeMessage(MAX_BODY_BYTES) }))
    const refused = await tooLargeResponse(
      { method, rawPath, query, headers: req.headers, body: Buffer.alloc(0) },
      MAX_BODY_BYTES,
    )
    return send(res, refused.status, refused.headers, refused.body)
  }

  if (isControlPath(rawPath)) {
    const denied = checkControlAccess(access, method.toUpperCase(), req.headers)
    if (denied) return send(res, denied.status, JSON_TYPE, JSON.stringify({ error: denied.error }))
    if (body.length > CONTROL_MAX_BODY_BYTES)
      return send(
        res,
        413,
        JSON_TYPE,
        JSON.stringify({ error: `Control request body over ${CONTROL_MAX_BODY_BYTES} bytes` }),
      )
    const answer = await handleControlRequest(target, method, rawPath, query, body)
    return send(res, answer.status, { 'content-type': 'application/json' }, JSON.stringify(answer.body))
  }
  const request: IncomingRequest = { method, rawPath, query, headers: req.headers, body }
  const result = await handleAwsRequest(target.state, request, {
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    // aws:SecureTransport says whether the request came over TLS (IAM UG, reference_policies_condition-keys).
    // The emulator stands in for AWS's HTTPS endpoints, which the SDKs and the CLI reach over TLS; its plain
    // HTTP on loopback is a test convenience. As false, the common "Deny when aws:SecureTransport is false"
    // statement denied every call that AWS allows (QA).
    secureTransport: true,
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

/**
 * Node adds the `Date` header (real time, never the simulated clock): SDK v3 resets its clock offset from
 * it on every answer, so a simulated date there would shift a client's signing clock by years.
 */
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
