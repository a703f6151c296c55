/** Ctrl-C or SIGTERM during a run: stop starting new work, abandon waits, and let cleanup run (exit 130). */
import { HarnessError } from '../errors.js'

export function interrupted(): HarnessError {
  return new HarnessError('INTERRUPTED', 'Interrupted: stopped new work and cleaned up.')
}

export function checkInterrupt(signal: AbortSignal): void {
  if (signal.aborted) throw interrupted()
}

/** Resolves with `work`, or rejects as soon as the run is interrupted (the work is abandoned). */
export async function untilInterrupted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  checkInterrupt(signal)
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(interrupted())
    signal.addEventListener('abort', onAbort, { once: true })
  })
  try {
    return await Promise.race([work, aborted])
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort)
  }
}

export type StopSignal = 'SIGINT' | 'SIGTERM'

export interface SignalHandlerOptions {
  /** Stops new work; cleanup then runs and the run ends with exit 130. */
  abort: () => void
  /** Ends the process now (the CLI passes process.exit). */
  exit: (code: number) => void
  warn: (text: string) => void
}

/**
 * The first SIGINT or SIGTERM aborts the run so cleanup can happen; any second one (Ctrl-C twice, a supervisor
 * that sends SIGTERM again, or one of each) exits at once with 130.
 */
export function createSignalHandler(options: SignalHandlerOptions): (signal: StopSignal) => void {
  let received = 0
  return (signal) => {
    received++
    if (received > 1) {
      options.exit(130)
      return
    }
    const again = signal === 'SIGINT' ? 'Ctrl-C again' : 'send SIGTERM again'
    options.warn(`\nharness: interrupted, cleaning up (${again} to exit now)…\n`)
    options.abort()
  }
}
