/**
 * Which of the history's step baselines a run is judged against (pure, for diff.ts): those of its own
 * scenarios and regions, and, for a night's run, the still-denied steps of its regions it did not run; and
 * which steps with no result tonight are unknown (still open) rather than vanished.
 */
import { isConclusive, type StepBaseline, type StepBaselines, scopeKey } from './baseline.js'
import type { RunRecord, StepResult } from './types.js'

/**
 * Baseline steps in regions or scenarios the current run did not ask for are out of scope, not vanished:
 * `harness run --region ap-east-1` after a full run must not list every other region as vanished.
 */
export function inScopeOf(current: RunRecord, baselines: StepBaselines): Map<string, StepBaseline> {
  const regions = new Set([...current.regions.map((r) => r.name), ...current.results.map((r) => r.region)])
  const scenarios = new Set([...current.scenarios, ...current.results.map((r) => r.scenario)])
  return new Map(
    [...baselines].filter(([, { result }]) => regions.has(result.region) && scenarios.has(result.scenario)),
  )
}

/**
 * Steps of this run's regions it did not run (scenarios `--scenario` left out) whose last conclusive outcome
 * is a denial the scenario does not ask for, in scenarios the run's files still hold (`suiteScenarios`,
 * else the run's own): still open. Other regions are not carried: a region dropped from the nightly would
 * keep it red for good, with no run to clear it.
 */
export function openNotRun(
  current: RunRecord,
  baselines: StepBaselines,
  inScope: Map<string, StepBaseline>,
): Map<string, StepBaseline> {
  const suite = new Set(current.suiteScenarios ?? current.scenarios)
  const regions = new Set(current.regions.map((region) => region.name))
  return new Map(
    [...baselines].filter(
      ([key, { result }]) =>
        !inScope.has(key) &&
        suite.has(result.scenario) &&
        regions.has(result.region) &&
        result.outcome.kind === 'denied' &&
        result.expect !== 'denied' &&
        !result.transientDenial,
    ),
  )
}

/** Scenario × region scopes of the run that left a step inconclusive (throttled, errored, a crash step). */
export function uncleanScopesOf(current: RunRecord): Set<string> {
  const scopes = new Set<string>()
  for (const result of current.results) if (!isConclusive(result)) scopes.add(scopeKey(result))
  return scopes
}

/**
 * Why a step with no result tonight, last denied, is not known tonight (inconclusive, still open) instead of
 * vanished: this run did not run it (carryOpenFindings), or its scenario stopped early in that region after
 * an inconclusive step (a scenario that returns after a throttled call). Undefined otherwise.
 */
export function unknownTonight(
  baseline: StepBaseline | undefined,
  result: StepResult | undefined,
  notRun: boolean,
  cutShort: ReadonlySet<string>,
): string | undefined {
  if (result || baseline?.result.outcome.kind !== 'denied') return undefined
  const { runId } = baseline.run
  if (notRun) return `not run by this run (a --scenario run): denied when last run, in run ${runId}`
  return cutShort.has(scopeKey(baseline.result))
    ? `not reached: its scenario stopped after an inconclusive step; denied when last run, in run ${runId}`
    : undefined
}
