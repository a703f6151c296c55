/** Ctrl-C during a run: stop starting new work, abandon waits, and let cleanup run (exit 130). */
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
