/**
 * A full garbage collection while a one-run process waits for CloudTrail (seconds on the emulator, minutes
 * on AWS) with nothing else to do. Left to V8, the next old-space collection came during the run record and
 * reports right after the wait: up to ~30 ms of marking a 60 MB heap in the middle of writing them
 * (`--trace-gc`, issue #13). Node exposes V8's gc() only behind --expose-gc; the flag is set just for the
 * one new context that hands it over, then unset (https://nodejs.org/api/v8.html#v8setflagsfromstringflags),
 * so no scenario's or user's context sees a global gc.
 */
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

let collect: (() => void) | undefined

function fullCollection(): () => void {
  if (!collect) {
    setFlagsFromString('--expose-gc')
    try {
      collect = runInNewContext('gc') as () => void
    } finally {
      setFlagsFromString('--no-expose-gc')
    }
  }
  return collect
}

/** Collects once the current work (ending the spare threads) is under way. */
export function collectWhileIdle(): void {
  setImmediate(() => fullCollection()())
}
