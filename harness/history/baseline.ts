/**
 * What each step of the current run is compared with. The baseline is per step: the most recent
 * *conclusive* outcome of that `scenario / step @ region` among comparable runs, whichever run it came
 * from. So a partial run never resets the steps it did not run, and a throttled night never becomes
 * the baseline. `--baseline <run-file>` pins one run instead.
 */
import { HarnessError } from '../errors.js'
import { type KeyedResults, keyResults, stepKey } from './diff-keys.js'
import { compareStartedAt, readRunRecord, type StoredRun } from './run-record.js'
import { sameHistory } from './same-history.js'
import { stepFreshness } from './step-freshness.js'
import type { FreshnessClass, RunRecord, StepResult } from './types.js'

export interface StepBaseline {
  result: StepResult
  run: RunRecord
  /**
   * For a step seasoned now: its last conclusive outcome in a fresh account, when that was a denial. A
   * seasoned account cannot clear it (AWS's changes reach accounts that never used the API): the denial
   * stays open until a fresh test allows the step (diff.ts).
   */
  freshDenial?: { result: StepResult; run: RunRecord }
}

/** Per step key; built by selectStepBaselines (history) or baselinesFromRun (one pinned run). */
export type StepBaselines = Map<string, StepBaseline>

export interface ResolvedBaselines {
  baselines: StepBaselines
  /** The pinned run (`--baseline`), else null. */
  pinned: StoredRun | null
  /** The comparable runs the baselines were chosen from, oldest first (they also date "since"). */
  comparable: RunRecord[]
}

export const freshnessClass = (run: Pick<RunRecord, 'account'>): FreshnessClass =>
  run.account.fresh ? 'fresh' : 'reused'

/**
 * Comparable: the same history (same-history.ts: target, endpoint, clock), finished, not the current run,
 * started before it. Freshness is judged per step (step-freshness.ts): a pool run mixes fresh and seasoned steps.
 */
export function isComparable(candidate: RunRecord, current: RunRecord): boolean {
  if (candidate.runId === current.runId || !sameHistory(candidate, current)) return false
  if (Number.isNaN(Date.parse(candidate.finishedAt))) return false
  return Date.parse(candidate.startedAt) <= Date.parse(current.startedAt)
}

/** Only these can be a baseline: an allowed or denied outcome that a probe did not contradict. */
export function isConclusive(result: StepResult): boolean {
  if (result.transientDenial) return false
  return result.outcome.kind === 'allowed' || result.outcome.kind === 'denied'
}

/** A scenario in a region: the steps one run records one after another. */
export const scopeKey = (r: Pick<StepResult, 'scenario' | 'region'>): string => `${r.scenario}\u0000${r.region}`

export function selectStepBaselines(current: RunRecord, runs: readonly RunRecord[]): ResolvedBaselines {
  const comparable = runs.filter((run) => isComparable(run, current)).sort(compareStartedAt)
  const baselines: StepBaselines = new Map()
  // The last run that ran a scenario in a region, and the last run that had each step: a step absent from
  // the latest run of its scenario was renamed or removed long ago, and is not "vanished" on every run.
  const lastScopeRun = new Map<string, string>()
  const lastStepRun = new Map<string, string>()
  // Scopes whose last run left a step inconclusive (throttled, errored, a crash step): a step that run did
  // not reach may only have been cut short, so a denial there stays a baseline (never "renamed").
  const uncleanScope = new Set<string>()
  // A step's baseline is its last conclusive outcome of the same freshness (fresh with fresh, seasoned with
  // seasoned); only a step with none of its own freshness (the first pool night after per-run history, a
  // pair's first fresh test) falls back to the other: allowed there and denied now is still a regression.
  const wanted = new Map(current.results.map((result) => [stepKey(result), stepFreshness(result, current)]))
  const runClass = freshnessClass(current)
  const other: StepBaselines = new Map()
  let keyed: KeyedResults | undefined
  for (const run of comparable) {
    keyed = keyResults(run.results, keyed)
    let scope: StepResult | undefined
    run.results.forEach((result, i) => {
      const key = keyed!.keys[i]!
      // A run records a scenario's steps in a region one after another: one scope update per scope, not per step.
      if (scope?.scenario !== result.scenario || scope.region !== result.region) {
        scope = result
        lastScopeRun.set(scopeKey(result), run.runId)
        uncleanScope.delete(scopeKey(result))
      }
      lastStepRun.set(key, run.runId)
      if (!isConclusive(result)) {
        uncleanScope.add(scopeKey(result))
        return
      }
      const same = stepFreshness(result, run) === (wanted.get(key) ?? runClass)
      if (same) baselines.set(key, { result, run })
      else other.set(key, { result, run })
    })
  }
  for (const [key, baseline] of other) if (!baselines.has(key)) baselines.set(key, baseline)
  for (const [key, fresh] of other) {
    const own = baselines.get(key)
    if (own && wanted.get(key) === 'reused' && fresh.result.outcome.kind === 'denied') own.freshDenial = fresh
  }
  const currentKeys = new Set(current.results.map(stepKey))
  for (const [key, { result }] of baselines) {
    const cutShort = result.outcome.kind === 'denied' && uncleanScope.has(scopeKey(result))
    if (!currentKeys.has(key) && lastStepRun.get(key) !== lastScopeRun.get(scopeKey(result)) && !cutShort)
      baselines.delete(key)
  }
  return { baselines, pinned: null, comparable }
}

/** Every step of one run, conclusive or not: a pinned baseline is compared as it is. */
export function baselinesFromRun(run: RunRecord): StepBaselines {
  return new Map(run.results.map((result) => [stepKey(result), { result, run }]))
}

type Comparable = Pick<RunRecord, 'target' | 'endpoint' | 'emulatorDate'>

/**
 * A pinned baseline must come from the same history (same-history.ts): aws, the emulator and a custom
 * endpoint differ, and so do a replay's simulated dates and today's clock.
 */
export class IncomparableBaselineError extends HarnessError {
  /** `names`: how the two runs were given (`harness diff` names two files; a run, `--baseline` and itself). */
  constructor(
    file: string,
    baseline: Comparable,
    current: Comparable,
    names = { baseline: `--baseline ${file}`, current: 'this run' },
  ) {
    const endpoints = baseline.target !== current.target || baseline.endpoint !== current.endpoint
    super(
      'USAGE',
      endpoints
        ? `${names.baseline} ran against ${describeEndpoint(baseline)}, ${names.current} against ${describeEndpoint(current)}: runs on different targets or endpoints are not comparable.`
        : `${names.baseline} ran ${describeClock(baseline)}, ${names.current} ${describeClock(current)}: a replay sees AWS as it was on its emulated date, so it is not comparable with a run on today's clock.`,
    )
    this.name = 'IncomparableBaselineError'
  }
}

const describeEndpoint = (run: Pick<RunRecord, 'target' | 'endpoint'>): string =>
  `target ${run.target} (endpoint ${run.endpoint})`

const describeClock = (run: Comparable): string =>
  run.emulatorDate ? `on a replay (emulated date ${run.emulatorDate.slice(0, 10)})` : "on today's clock"

export function assertComparableBaseline(
  file: string,
  baseline: Comparable,
  current: Comparable,
  names?: { baseline: string; current: string },
): void {
  if (!sameHistory(baseline, current)) throw new IncomparableBaselineError(file, baseline, current, names)
}

/** `--baseline <file>` wins over history. Throws StoredRunError or IncomparableBaselineError for an unusable file. */
export async function resolveBaselines(
  current: RunRecord,
  runs: readonly StoredRun[],
  explicitFile?: string,
): Promise<ResolvedBaselines> {
  if (!explicitFile)
    return selectStepBaselines(
      current,
      runs.map((run) => run.record),
    )
  const record = await readRunRecord(explicitFile)
  assertComparableBaseline(explicitFile, record, current)
  const comparable = runs.map((run) => run.record).filter((run) => isComparable(run, current))
  return { baselines: baselinesFromRun(record), pinned: { path: explicitFile, record }, comparable }
}

/**
 * Before a run: the steps whose baseline is `allowed`, so a denial of one of them is re-checked before it can
 * be called a regression. `planned` stands in for the run about to start (its target, endpoint, clock, freshness).
 */
export function stepsAllowedInBaseline(
  planned: Pick<RunRecord, 'target' | 'endpoint' | 'emulatorDate' | 'account' | 'startedAt'>,
  runs: readonly RunRecord[],
  pinned?: RunRecord,
): Set<string> {
  const current = { ...planned, runId: '(planned)', results: [] } as unknown as RunRecord
  const baselines = pinned ? baselinesFromRun(pinned) : selectStepBaselines(current, runs).baselines
  return new Set([...baselines].filter(([, b]) => b.result.outcome.kind === 'allowed').map(([key]) => key))
}
