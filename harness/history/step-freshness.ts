/**
 * Freshness per step, the unit of comparability: AWS rolls many changes out only to accounts that
 * never used an operation in a region, so a step run fresh is compared with earlier fresh runs of it,
 * and a step run seasoned (pool runs, or found used through CloudTrail) with earlier seasoned ones.
 * Pure.
 */
import { runDate, sameHistory } from './same-history.js'
import type { FreshnessClass, RunRecord, StepResult } from './types.js'

/** Pool runs record it per step; older records: the run's account, unless the step says it was not fresh. */
export function stepFreshness(result: StepResult, run: Pick<RunRecord, 'account'>): FreshnessClass {
  if (result.freshness) return result.freshness === 'fresh' ? 'fresh' : 'reused'
  return run.account.fresh && !result.notFresh ? 'fresh' : 'reused'
}

/** Per region, the last time each scenario ran fresh (and really ran), oldest scenario first; null if one never did. */
export function lastFreshByRegion(current: RunRecord, history: readonly RunRecord[]): Record<string, string | null> {
  const last = new Map<string, string>()
  const currentStart = Date.parse(current.startedAt)
  for (const run of [...history, current]) {
    if (!sameHistory(run, current)) continue
    if (Date.parse(run.startedAt) > currentStart) continue
    // A run records a scenario's steps in a region one after another: one key per scope, not per step
    // (a year of history is 250k results).
    let scope: Pick<StepResult, 'scenario' | 'region'> | undefined
    for (const result of run.results) {
      if (scope?.scenario === result.scenario && scope.region === result.region) continue
      if (stepFreshness(result, run) !== 'fresh' || !ran(result)) continue
      scope = result
      const key = `${result.scenario}\u0000${result.region}`
      // The date the run saw: a replay's fresh tests are dated in its emulated days, as its plan and since are.
      if ((last.get(key) ?? '') < runDate(run)) last.set(key, runDate(run))
    }
  }
  const out: Record<string, string | null> = {}
  for (const region of regionsOf(current)) {
    const times = current.scenarios.map((scenario) => last.get(`${scenario}\u0000${region}`))
    out[region] = times.some((time) => time === undefined) ? null : [...(times as string[])].sort()[0]!
  }
  return out
}

const ran = (result: StepResult): boolean =>
  result.outcome.kind !== 'skipped' && result.outcome.kind !== 'region-not-ready'

function regionsOf(run: RunRecord): string[] {
  return [...new Set([...run.regions.map((r) => r.name), ...run.results.map((r) => r.region)])]
}
