/**
 * Test helpers: an emulator per test on a free port, and SDK client config pointing at it.
 *
 *   const emu = withEmulator()                      // inside a describe(): starts before each test, stops after
 *   new LogsClient(emu.clientConfig('ap-east-1'))    // admin test/test credentials
 *   new StsClient(emu.clientConfig('us-east-1', creds))
 *
 * or `const emu = await startTestEmulator(); … await emu.stop()` by hand. `failure(call)` is what a
 * call threw, `until(probe, done)` polls, `advanceClock(emu, ms)` moves the simulated clock; accounts
 * and roles are in test-accounts.ts.
 */
import { Hash } from '@smithy/hash-node'
import { HttpRequest } from '@smithy/protocol-http'
import { SignatureV4 } from '@smithy/signature-v4'
import { afterEach, beforeEach } from 'vitest'
import { controlHeaders } from './control/access.js'
import { type EmulatorOptions, type RunningEmulator, startEmulator } from './server.js'

export { controlHeaders }

export interface TestCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

export interface ClientConfig {
  region: string
  endpoint: string
  credentials: TestCredentials
  /** Fail fast in tests: the SDK's retries would hide the first answer. */
  maxAttempts: number
  useFipsEndpoint: false
  useDualstackEndpoint: false
}

export interface TestEmulator extends RunningEmulator {
  /** SDK client config for the emulator's regional endpoint; admin test/test credentials unless given. */
  clientConfig(region?: string, credentials?: TestCredentials): ClientConfig
  /** The same, for the STS global endpoint (v1 tokens). */
  globalStsConfig(region?: string, credentials?: TestCredentials): ClientConfig
}

export const ADMIN_CREDENTIALS: TestCredentials = { accessKeyId: 'test', secretAccessKey: 'test' }
export const TEST_DEFAULTS: EmulatorOptions = { port: 0, timeScale: 0.001 }
/**
 * The date tests pin when they assert behaviour that AWS changed over time (denial wording, tag-on-create):
 * after every change in timeline/aws-history.ts, so "today's" behaviour, but fixed, so a newly recorded
 * AWS change cannot silently alter what these tests see.
 */
export const PINNED_DATE = '2026-06-01T00:00:00Z'

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ ...TEST_DEFAULTS, ...options })
  const config = (endpoint: string, region = 'us-east-1', credentials = ADMIN_CREDENTIALS): ClientConfig => ({
    region,
    endpoint,
    credentials,
    maxAttempts: 1,
    // The only values that work with a custom endpoint (every SDK endpoint ruleset rejects FIPS or dual-stack
    // next to one); unset, each new client looks both up (env, config files, an error with a stack each):
    // ~0.2 ms of CPU per client, and the tests make thousands.
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
  })
  return Object.assign(emulator, {
    clientConfig: (region?: string, credentials?: TestCredentials) => config(emulator.endpoint, region, credentials),
    globalStsConfig: (region?: string, credentials?: TestCredentials) =>
      config(emulator.globalStsEndpoint, region, credentials),
  })
}

/**
 * Registers beforeEach/afterEach hooks; the returned handle forwards to the current test's emulator.
 * Access it inside tests only.
 */
export function withEmulator(options: EmulatorOptions = {}): TestEmulator {
  let current: TestEmulator | undefined
  beforeEach(async () => {
    current = await startTestEmulator(options)
  })
  afterEach(async () => {
    await current?.stop()
    current = undefined
  })
  const active = (): TestEmulator => {
    if (!current) throw new Error('withEmulator(): the emulator only runs inside a test')
    return current
  }
  return new Proxy({} as TestEmulator, {
    get: (_target, key) => {
      const value = Reflect.get(active(), key)
      return typeof value === 'function' ? value.bind(active()) : value
    },
  })
}

export interface SignedRequestInput {
  service: string
  region?: string
  method?: string
  path?: string
  headers?: Record<string, string>
  body?: string
  credentials?: TestCredentials
}

/**
 * Sends a hand-made SigV4-signed request (for inputs an SDK would never send: bad JSON, wrong
 * types, unknown actions). Returns status, lower-cased headers and the body text.
 */
export async function signedRequest(
  endpoint: string,
  input: SignedRequestInput,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const url = new URL(endpoint)
  const path = `${url.pathname.replace(/\/$/, '')}${input.path ?? '/'}`
  const request = new HttpRequest({
    method: input.method ?? 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path,
    headers: { host: url.host, ...input.headers },
    body: input.body,
  })
  const signer = new SignatureV4({
    credentials: input.credentials ?? ADMIN_CREDENTIALS,
    region: input.region ?? 'us-east-1',
    service: input.service,
    sha256: Hash.bind(null, 'sha256'),
  })
  const signed = await signer.sign(request)
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'))
  const response = await fetch(`${url.origin}${path}`, { method: signed.method, headers, body: input.body })
  return { status: response.status, headers: Object.fromEntries(response.headers), body: await response.text() }
}

/** An SDK error as a test reads it: name, message, `$metadata` and the modeled members (`Reason`, …). */
export type SdkFailure = Error & {
  $metadata: { httpStatusCode?: number; requestId?: string; attempts?: number }
  [member: string]: any
}

/** What a call threw (fails the test when it succeeded). */
export async function failure(promise: Promise<unknown>): Promise<SdkFailure> {
  try {
    await promise
  } catch (error) {
    return error as SdkFailure
  }
  throw new Error('expected the call to fail')
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `probe` until `done`; emulator durations are scaled, so this ends quickly. */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, attempts = 300): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe()
    if (done(value)) return value
    await sleep(10)
  }
  throw new Error('condition never reached')
}

/**
 * Moves the emulator's clock forward by `simulatedMs` through `POST /_emulator/clock`, so work
 * scheduled on it (account creation, closure, region enabling, IAM propagation) completes
 * deterministically instead of racing real time. Durations are scaled: pass `emu.state.clock.scaled(d)`.
 */
export async function advanceClock(
  emu: { endpoint: string; controlToken: string },
  simulatedMs: number,
): Promise<void> {
  const response = await fetch(`${emu.endpoint}/_emulator/clock`, {
    method: 'POST',
    headers: controlHeaders(emu.controlToken),
    body: JSON.stringify({ advanceMs: simulatedMs }),
  })
  if (response.status !== 200) throw new Error(`advanceClock: HTTP ${response.status} ${await response.text()}`)
}

/**
 * Moves the simulated clock past CloudTrail's delivery delay (GET /_emulator/config), so LookupEvents returns
 * every call made so far, as it would some minutes later on AWS.
 */
export async function deliverCloudTrail(emu: { endpoint: string; controlToken: string }): Promise<void> {
  const read = async (path: string) => (await fetch(`${emu.endpoint}/_emulator/${path}`)).json()
  const [{ durations }, { timeScale }] = (await Promise.all([read('config'), read('clock')])) as [
    { durations: { cloudTrailDeliveryMs: number } },
    { timeScale: number },
  ]
  await advanceClock(emu, durations.cloudTrailDeliveryMs * timeScale + 1)
}
