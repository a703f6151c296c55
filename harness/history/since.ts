/** "Since when" across many runs: the first run of the unbroken streak that ends in the current state. */
import type { Outcome } from '../outcomes/types.js'
import { INCONCLUSIVE_KINDS } from '../outcomes/types.js'
import { compareStartedAt } from './run-record.js'
import { lastFreshByRegion, stepFreshness } from './step-freshness.js'
import type { ChangeKind, RunRecord, StepResult } from './types.js'

export interface Since {
  startedAt: string
  runId: string
  /** The emulator's date in that run, when it ran on an emulated date (a replay). */
  emulatorDate?: string
  /** The streak began right after a run in which the step was allowed. */
  afterAllowed: boolean
}

/**
 * What a diff asks of history beyond the baselines: "since" for a step as of a run, and per region when
 * each scenario was last tested fresh. From the records themselves, or from the history index.
 */
export interface SinceSource {
  sinceOf(change: ChangeKind, where: StepResult, asOf: RunRecord): Since | undefined
  lastFreshByRegion(current: RunRecord): Record<string, string | null>
}

/** `history` is either the comparable records (walked) or a SinceSource (the index). */
export function sinceSourceOf(history: readonly RunRecord[] | SinceSource): SinceSource {
  if (!Array.isArray(history) && 'sinceOf' in history) return history as SinceSource
  const records = history as readonly RunRecord[]
  return {
    sinceOf: (change, where, asOf) => sinceOf(change, where, asOf, records),
    lastFreshByRegion: (current) => lastFreshByRegion(current, records),
  }
}

export function sinceOf(
  change: ChangeKind,
  where: StepResult,
  current: RunRecord,
  history: readonly RunRecord[],
): Since | undefined {
  const nowResult = current.results.find((r) => sameKey(r, where))
  const now = nowResult?.outcome
  if (!nowResult || !now || !tracksSince(change, now)) return undefined
  // Only runs of the step with the same freshness count: a seasoned night does not date a fresh streak.
  const freshness = stepFreshness(nowResult, current)
  const matches = (outcome: Outcome) =>
    change === 'changed-denial' ? outcome.kind === 'denied' && sameDenial(outcome, now) : outcome.kind === now.kind
  let earliest: RunRecord = current
  let afterAllowed = false
  for (const run of runsUpTo(current, history).reverse()) {
    const result = run.results.find((r) => sameKey(r, where))
    if (result && stepFreshness(result, run) !== freshness) continue
    const outcome = result?.outcome
    if (!outcome || outcome.kind === 'skipped' || INCONCLUSIVE_KINDS.includes(outcome.kind)) continue
    if (!matches(outcome)) {
      afterAllowed = outcome.kind === 'allowed'
      break
    }
    earliest = run
  }
  const emulated = earliest.emulatorDate ? { emulatorDate: earliest.emulatorDate } : {}
  return { startedAt: earliest.startedAt, runId: earliest.runId, afterAllowed, ...emulated }
}

/** The changes "since" dates: those of the outcome, and a denial that stays (open, or still denied). */
export function tracksSince(change: ChangeKind, now: Outcome): boolean {
  if (change === 'regression' || change === 'changed-denial' || change === 'relaxation') return true
  return (change === 'unchanged' || change === 'open-denial') && now.kind === 'denied'
}

/** Comparable runs (same target) that started no later than the current one, oldest first, current included once. */
function runsUpTo(current: RunRecord, history: readonly RunRecord[]): RunRecord[] {
  const byId = new Map<string, RunRecord>()
  for (const run of history) {
    if (run.target === current.target && Date.parse(run.startedAt) <= Date.parse(current.startedAt)) {
      byId.set(run.runId, run)
    }
  }
  byId.set(current.runId, current)
  return [...byId.values()].sort(compareStartedAt)
}

const sameKey = (a: StepResult, b: StepResult): boolean =>
  a.scenario === b.scenario && a.step === b.step && a.region === b.region

function sameDenial(a: Outcome, b: Outcome): boolean {
  if (a.kind !== 'denied' || b.kind !== 'denied') return false
  const id = (o: typeof a) => o.denied?.action ?? o.denied?.actionCandidates?.join('|') ?? o.denied?.operation ?? ''
  return id(a) === id(b)
}
