/**
 * The simulated clocks and runtime config of emulators running in this process, by endpoint. The
 * harness's role-session providers read the target's time before every SDK request (a clock advanced
 * mid-run must be seen at once); for an emulator in the same process that is a function call, not an
 * HTTP round trip that costs more CPU than the request it precedes. The account quota and durations a run
 * reads (`GET /_emulator/config`) come the same way: its first fetch() loads undici, about 15 ms of a
 * run's start-up. Emulators in another process are still asked over HTTP.
 * No imports: credentials/, accounts/ and runtime/ read it without loading the emulator.
 */
const clocks = new Map<string, () => Date>()

export function registerInProcessClock(endpoint: string, now: () => Date): () => void {
  const key = normalized(endpoint)
  clocks.set(key, now)
  return () => {
    if (clocks.get(key) === now) clocks.delete(key)
  }
}

/** The clock of the in-process emulator at `endpoint`, or undefined when it runs elsewhere. */
export function inProcessClock(endpoint: string): (() => Date) | undefined {
  return clocks.get(normalized(endpoint))
}

const normalized = (endpoint: string) => endpoint.trim().replace(/\/+$/, '')

/** What `GET /_emulator/config` answers: the quota and durations runs read. */
export interface InProcessConfig {
  maxAccounts?: number
  durations: object
}

const configs = new Map<string, () => InProcessConfig>()

export function registerInProcessConfig(endpoint: string, read: () => InProcessConfig): () => void {
  const key = normalized(endpoint)
  configs.set(key, read)
  return () => {
    if (configs.get(key) === read) configs.delete(key)
  }
}

/** `GET /_emulator/config` of the in-process emulator at `endpoint`, or undefined when it runs elsewhere. */
export function inProcessConfig(endpoint: string): InProcessConfig | undefined {
  return configs.get(normalized(endpoint))?.()
}
