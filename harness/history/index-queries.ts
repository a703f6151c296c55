/**
 * What a diff needs from history, answered by the index (pure): each step's baseline run, "since", when
 * scenarios last ran fresh, and the steps allowed in their baselines before a run. Exact for the run the
 * index can answer for: the newest run of its history (same-history.ts) (already indexed or not yet) or a
 * planned run. Any other run is answered from the records (indexAnswers says which).
 */
import type { Outcome } from '../outcomes/types.js'
import { freshnessClass } from './baseline.js'
import { denialIdentity } from './diff.js'
import { stepKey } from './diff-keys.js'
import {
  type BaseRef,
  classKeyOf,
  compareRefs,
  groupKeyOf,
  type HistoryIndex,
  type IndexedGroup,
  type IndexedStep,
  type RunRef,
  ranAt,
  type Streak,
  scopeKeyOf,
} from './history-index.js'
import { runDate } from './same-history.js'
import { type Since, type SinceSource, tracksSince } from './since.js'
import { stepFreshness } from './step-freshness.js'
import type { ChangeKind, FreshnessClass, RunRecord, StepResult } from './types.js'

type Current = Pick<RunRecord, 'runId' | 'startedAt' | 'target' | 'endpoint' | 'emulatorDate' | 'account' | 'results'>

/** The current run's history in the index, and whether the run is already folded into it. */
interface GroupView {
  index: HistoryIndex
  group: IndexedGroup | undefined
  folded: boolean
}

/** Undefined when the index cannot answer for this run (an older run of its history): read the records. */
export function indexAnswers(index: HistoryIndex, current: Current): GroupView | undefined {
  const group = index.groups[groupKeyOf(current)]
  if (!group) return { index, group, folded: false }
  if (group.last.runId === current.runId) return { index, group, folded: true }
  if (index.runs.some((run) => run.runId === current.runId)) return undefined
  return compareRefs(group.last, current) < 0 ? { index, group, folded: false } : undefined
}

const stepOf = (view: GroupView, current: Current, freshness: FreshnessClass, key: string) =>
  view.index.classes[classKeyOf(current, freshness)]?.steps[key]

/** Step key → the run whose stored result is the step's baseline (selectStepBaselines on the records). */
export function baselineRunsFromIndex(view: GroupView, current: Current): Map<string, BaseRef> {
  const refs = new Map<string, BaseRef>()
  const results = resultsByKey(current)
  // A step's baseline has the freshness the step has now (a step the run does not have: the run's); only
  // a step with no conclusive outcome of that freshness falls back to the other one.
  const wanted = (key: string): FreshnessClass => {
    const result = results.get(key)
    return result ? stepFreshness(result, current) : freshnessClass(current)
  }
  const other = (freshness: FreshnessClass): FreshnessClass => (freshness === 'fresh' ? 'reused' : 'fresh')
  const keys = new Set<string>()
  for (const freshness of ['fresh', 'reused'] as const)
    for (const key of Object.keys(view.index.classes[classKeyOf(current, freshness)]?.steps ?? {})) keys.add(key)
  const order = runOrder(view.index)
  const later = (a: string | undefined, b: string | undefined) =>
    a === undefined || (b !== undefined && order(a, b) < 0) ? b : a
  const excluding = (step: IndexedStep | undefined) => (step?.seen === current.runId ? step.prevSeen : step?.seen)
  // The last comparable run that had the step, whatever its freshness, and any step of its scenario there.
  const lastSeen = (key: string) =>
    later(excluding(stepOf(view, current, 'fresh', key)), excluding(stepOf(view, current, 'reused', key)))
  const scopeLast = new Map<string, string | undefined>()
  for (const key of keys) scopeLast.set(scopeOfKey(key), later(scopeLast.get(scopeOfKey(key)), lastSeen(key)))
  // Scopes whose last run left a step inconclusive there (seen in it, its last conclusive outcome older):
  // a step that run did not reach may only have been cut short (baseline.ts keeps the same rule).
  const uncleanScopes = new Set<string>()
  for (const key of keys) {
    const last = scopeLast.get(scopeOfKey(key))
    for (const freshness of ['fresh', 'reused'] as const) {
      const step = stepOf(view, current, freshness, key)
      if (step && last && excluding(step) === last && baseExcluding(step, current.runId)?.runId !== last)
        uncleanScopes.add(scopeOfKey(key))
    }
  }
  for (const key of keys) {
    const own = stepOf(view, current, wanted(key), key)
    const base =
      (own && baseExcluding(own, current.runId)) ?? baseFrom(stepOf(view, current, other(wanted(key)), key), current)
    if (!base) continue
    // Not in the latest run of its scenario there: renamed or removed long ago, not a baseline any more,
    // unless it was denied and that run was cut short before it.
    const cutShort = base.kind === 'denied' && uncleanScopes.has(scopeOfKey(key))
    if (!results.has(key) && lastSeen(key) !== scopeLast.get(scopeOfKey(key)) && !cutShort) continue
    refs.set(key, base)
  }
  return refs
}

/** Step key → the fresh run whose denial a step seasoned now cannot clear (StepBaseline.freshDenial). */
export function freshDenialRunsFromIndex(view: GroupView, current: Current): Map<string, BaseRef> {
  const refs = new Map<string, BaseRef>()
  for (const [key, result] of resultsByKey(current)) {
    if (stepFreshness(result, current) !== 'reused') continue
    const fresh = baseFrom(stepOf(view, current, 'fresh', key), current)
    if (fresh?.kind === 'denied') refs.set(key, fresh)
  }
  return refs
}

const baseFrom = (step: IndexedStep | undefined, current: Current): BaseRef | undefined =>
  step && baseExcluding(step, current.runId)

function scopeOfKey(key: string): string {
  const [scenario, , region] = key.split('\u0000') as [string, string, string]
  return scopeKeyOf({ scenario, region })
}

/** Compares two indexed runs by start (run ids of the index). */
function runOrder(index: HistoryIndex): (a: string, b: string) => number {
  const refs = new Map(index.runs.map((run) => [run.runId, run]))
  return (a, b) => compareRefs(refs.get(a)!, refs.get(b)!)
}

function baseExcluding(step: IndexedStep, runId: string): BaseRef | undefined {
  if (step.base?.runId !== runId) return step.base
  return step.prevBase
}

/** "since" from each step's streak, and when scenarios last ran fresh, as the records would say. */
export function sinceFromIndex(view: GroupView, current: Current): SinceSource {
  let emulatorDates: Map<string, string | undefined> | undefined
  const emulatorDateOf = (runId: string, asOf: RunRecord) => {
    emulatorDates ??= new Map(view.index.runs.map((run) => [run.runId, run.emulatorDate]))
    return runId === asOf.runId ? asOf.emulatorDate : emulatorDates.get(runId)
  }
  return {
    sinceOf(change, where, asOf) {
      const nowResult = resultsByKey(asOf).get(stepKey(where))
      const now = nowResult?.outcome
      if (!nowResult || !now || !tracksSince(change, now)) return undefined
      // Only runs of the step with the same freshness count (since.ts).
      const step = stepOf(view, current, stepFreshness(nowResult, asOf), stepKey(where))
      const since = sinceAfter(streakBefore(step, asOf, current), change, now, asOf)
      const emulatorDate = since && emulatorDateOf(since.runId, asOf)
      return since && emulatorDate ? { ...since, emulatorDate } : since
    },
    lastFreshByRegion: (run) => lastFreshFromIndex(view, run),
  }
}

/** lastFreshByRegion (step-freshness.ts) from the group's per-scope times plus the run itself. */
function lastFreshFromIndex(view: GroupView, current: RunRecord): Record<string, string | null> {
  const last = new Map(Object.entries(view.group?.lastFresh ?? {}))
  for (const result of current.results) {
    if (stepFreshness(result, current) !== 'fresh' || !ranAt(result)) continue
    const scope = scopeKeyOf(result)
    if ((last.get(scope) ?? '') < runDate(current)) last.set(scope, runDate(current))
  }
  const out: Record<string, string | null> = {}
  const regions = [...new Set([...current.regions.map((r) => r.name), ...current.results.map((r) => r.region)])]
  for (const region of regions) {
    const times = current.scenarios.map((scenario) => last.get(scopeKeyOf({ scenario, region })))
    out[region] = times.some((time) => time === undefined) ? null : [...(times as string[])].sort()[0]!
  }
  return out
}

/** The streak of every comparable run before `asOf` (asOf is the current run or a step's baseline run). */
function streakBefore(step: IndexedStep | undefined, asOf: RunRef, current: RunRef): Streak | undefined {
  if (!step) return undefined
  if (step.streak?.runId === asOf.runId) return step.streakBefore
  if (asOf.runId !== current.runId && step.base?.runId === asOf.runId) return step.base.before
  return step.streak
}

function sinceAfter(before: Streak | undefined, change: ChangeKind, now: Outcome, asOf: RunRef): Since | undefined {
  let from: RunRef = asOf
  let afterAllowed = false
  if (before) {
    const continues =
      change === 'changed-denial'
        ? before.kind === 'denied' && before.denial === denialIdentity(now)
        : before.kind === now.kind
    if (continues) {
      from = change === 'changed-denial' ? before.denialFrom : before.kindFrom
      afterAllowed = change === 'changed-denial' ? before.denialAfterAllowed : before.kindAfterAllowed
    } else afterAllowed = before.kind === 'allowed'
  }
  return { startedAt: from.startedAt, runId: from.runId, afterAllowed }
}

/** Before a run: the steps whose baseline is allowed (stepsAllowedInBaseline on the records). */
export function allowedInBaselineFromIndex(
  index: HistoryIndex,
  planned: Pick<RunRecord, 'target' | 'endpoint' | 'emulatorDate' | 'account' | 'startedAt'>,
): Set<string> | undefined {
  const current = { ...planned, runId: '(planned)', results: [] }
  const view = indexAnswers(index, current)
  if (!view) return undefined
  const refs = baselineRunsFromIndex(view, current)
  return new Set([...refs].filter(([, base]) => base.kind === 'allowed').map(([key]) => key))
}

const byKey = new WeakMap<Pick<RunRecord, 'results'>, Map<string, StepResult>>()

/** A run's results by step key, built once per run (since is asked for every step). */
function resultsByKey(run: Pick<RunRecord, 'results'>): Map<string, StepResult> {
  let map = byKey.get(run)
  if (!map) {
    map = new Map(run.results.map((result) => [stepKey(result), result]))
    byKey.set(run, map)
  }
  return map
}
