/**
 * The simulated clocks of emulators running in this process, by endpoint. The harness's role-session
 * providers read the target's time before every SDK request (a clock advanced mid-run must be seen at
 * once); for an emulator in the same process that is a function call, not an HTTP round trip that costs
 * more CPU than the request it precedes. Emulators in another process are still asked over HTTP.
 * No imports: credentials/ reads it without loading the emulator.
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
