/**
 * The simulated clocks and runtime config of emulators running in this process, by endpoint. The
 * harness's role-session providers read the target's time before every SDK request (a clock advanced
 * mid-run must be seen at once); for an emulator in the same process that is a function call, not an
 * HTTP round trip that costs more CPU than the request it precedes. The account quota and durations a run
 * reads (`GET /_emulator/config`) come the same way: its first fetch() loads undici, about 15 ms of a
 * run's start-up. Emulators in another process are still asked over HTTP.
 * No imports: credentials/, accounts/ and runtime/ read it without loading the emulator.
 */
/** Values by emulator endpoint; registering returns the function that removes this one. */
function byEndpoint<T>() {
  const values = new Map<string, T>()
  return {
    register(endpoint: string, value: T): () => void {
      const key = normalized(endpoint)
      values.set(key, value)
      return () => {
        if (values.get(key) === value) values.delete(key)
      }
    },
    get: (endpoint: string): T | undefined => values.get(normalized(endpoint)),
  }
}

const normalized = (endpoint: string) => endpoint.trim().replace(/\/+$/, '')

const clocks = byEndpoint<() => Date>()

export const registerInProcessClock = (endpoint: string, now: () => Date) => clocks.register(endpoint, now)

/** The clock of the in-process emulator at `endpoint`, or undefined when it runs elsewhere. */
export const inProcessClock = (endpoint: string): (() => Date) | undefined => clocks.get(endpoint)

/** What `GET /_emulator/config` answers: the quota and durations runs read. */
export interface InProcessConfig {
  maxAccounts?: number
  durations: object
}

const configs = byEndpoint<() => InProcessConfig>()

export const registerInProcessConfig = (endpoint: string, read: () => InProcessConfig) =>
  configs.register(endpoint, read)

/** `GET /_emulator/config` of the in-process emulator at `endpoint`, or undefined when it runs elsewhere. */
export const inProcessConfig = (endpoint: string): InProcessConfig | undefined => configs.get(endpoint)?.()
