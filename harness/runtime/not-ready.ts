/** A region that never became ready: no call reaches AWS, every step "fails" at once with the readiness problem. */
import type { Outcome } from '../outcomes/types.js'
import type { ClassifyFn, RegionRun } from './scenario-context.js'

export function notReadyClassifier(reason: string): ClassifyFn {
  return (): Outcome => ({ kind: 'region-not-ready', errorName: 'RegionNotReady', message: reason, durationMs: 0 })
}

export function refuseCalls(run: RegionRun, notReady: string): void {
  const refuse = (): never => {
    throw new Error(notReady)
  }
  run.minimal = () => new Proxy({}, { get: () => refuse }) as never
  run.facts = { imageId: 'unavailable', instanceType: 'unavailable', subnetId: 'unavailable' }
}
