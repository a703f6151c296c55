/**
 * Still-denied steps carry no cause in the diff (it attributes only the night a step changed). The reports,
 * the dashboard and the blast radius attribute them the same way, against the last run that allowed the step:
 * did the declared policy edit since then explain the denial, a guardrail, or AWS? (pure)
 */
import { attributeCause } from './cause.js'
import { stepKey } from './diff-keys.js'
import { lookupDecoded } from './index-marks.js'
import { firstResource, impliedContext } from './suggest-fix.js'
import type { DriftChange, RunRecord, StepResult } from './types.js'

/** `runs`: the current run's comparable runs (its history: same-history.ts), any order before it. */
export function withOpenCauses(
  changes: readonly DriftChange[],
  current: RunRecord,
  runs: readonly RunRecord[],
): DriftChange[] {
  return changes.map((change) => {
    // A night that did not see the step denied (throttled, a seasoned account) keeps its last denial's
    // cause (QA: a throttled night's card and console line lost theirs).
    const denial = change.to?.kind === 'denied' ? change.to : change.from?.kind === 'denied' ? change.from : undefined
    if (!change.stillDenied || change.cause || !denial) return change
    const allowedRun = lastAllowedBefore(change, runs)
    if (!allowedRun) return change
    const from = resultOf(allowedRun, stepKey(change))?.outcome
    const attribution = attributeCause({
      change: 'regression',
      from,
      to: denial,
      baselinePolicy: allowedRun.policy,
      currentPolicy: current.policy,
      ...(change.suggestedStatement ? { resourceHint: firstResource(change.suggestedStatement) } : {}),
      context: impliedContext(denial.denied, change.step, change.region),
      editedWhen: `since run ${allowedRun.runId}, the last that allowed it`,
    })
    return attribution ? { ...change, ...attribution } : change
  })
}

/** The newest run, started before the denial streak began, in which the step was allowed. */
function lastAllowedBefore(change: DriftChange, runs: readonly RunRecord[]): RunRecord | undefined {
  const key = stepKey(change)
  const since = change.since ? Date.parse(change.since) : Number.POSITIVE_INFINITY
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!
    if (Date.parse(run.startedAt) >= since) continue
    if (resultOf(run, key)?.outcome.kind === 'allowed') return run
  }
  return undefined
}

/** A step's result in a run: looked up by key in a night read from the history index, else found in the record. */
function resultOf(run: RunRecord, key: string): StepResult | undefined {
  const lookup = lookupDecoded(run.results)
  return lookup ? lookup(key) : run.results.find((r) => stepKey(r) === key)
}
