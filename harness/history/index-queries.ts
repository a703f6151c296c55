/**
 * What a diff needs from history, answered by the index (pure): each step's baseline run, "since", and the
 * steps allowed in their baselines before a run. Exact for the run the index can answer for: the newest
 * run of its comparability class (already indexed or not yet) or a planned run. Any other run is answered
 * from the records (indexAnswers says which).
 */
import type { Outcome } from '../outcomes/types.js'
import { denialIdentity } from './diff.js'
import { stepKey } from './diff-keys.js'
import {
  type BaseRef,
  classKeyOf,
  compareRefs,
  type HistoryIndex,
  type IndexedClass,
  type IndexedStep,
  type RunRef,
  type Streak,
  scopeKeyOf,
} from './history-index.js'
import type { Since, SinceSource } from './since.js'
import type { ChangeKind, RunRecord, StepResult } from './types.js'

type Current = Pick<RunRecord, 'runId' | 'startedAt' | 'target' | 'endpoint' | 'account' | 'results'>

/** The class of `current`, and whether it is already folded into it. */
interface ClassView {
  cls: IndexedClass | undefined
  folded: boolean
}

/** Undefined when the index cannot answer for this run (an older run of its class): read the records. */
export function indexAnswers(index: HistoryIndex, current: Current): ClassView | undefined {
  const cls = index.classes[classKeyOf(current)]
  if (!cls) return { cls, folded: false }
  if (cls.last.runId === current.runId) return { cls, folded: true }
  if (index.runs.some((run) => run.runId === current.runId)) return undefined
  return compareRefs(cls.last, current) < 0 ? { cls, folded: false } : undefined
}

/** Step key → the run whose stored result is the step's baseline (selectStepBaselines on the records). */
export function baselineRunsFromIndex(view: ClassView, current: Current): Map<string, BaseRef> {
  const refs = new Map<string, BaseRef>()
  if (!view.cls) return refs
  const currentKeys = new Set(current.results.map(stepKey))
  const excluding = (seen: string, prev: string | undefined) => (seen === current.runId ? prev : seen)
  for (const [key, step] of Object.entries(view.cls.steps)) {
    const base = baseExcluding(step, current.runId)
    if (!base) continue
    if (!currentKeys.has(key)) {
      const [scenario, , region] = key.split('\u0000') as [string, string, string]
      const scope = view.cls.scopes[scopeKeyOf({ scenario, region })]
      // Not in the latest run of its scenario there: renamed or removed long ago, not a baseline any more.
      if (excluding(step.seen, step.prevSeen) !== (scope && excluding(scope.seen, scope.prevSeen))) continue
    }
    refs.set(key, base)
  }
  return refs
}

function baseExcluding(step: IndexedStep, runId: string): BaseRef | undefined {
  if (step.base?.runId !== runId) return step.base
  return step.prevBase
}

/** "since" from each step's streak, as since.ts would walk the comparable records. */
export function sinceFromIndex(view: ClassView, current: Current): SinceSource {
  return {
    sinceOf(change, where, asOf) {
      const now = resultsByKey(asOf).get(stepKey(where))?.outcome
      if (!now || !tracksSince(change, now)) return undefined
      const step = view.cls?.steps[stepKey(where)]
      return sinceAfter(streakBefore(step, asOf, current), change, now, asOf)
    },
  }
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
  if (change === 'unchanged' && !afterAllowed) return undefined
  return { startedAt: from.startedAt, runId: from.runId, afterAllowed }
}

function tracksSince(change: ChangeKind, now: Outcome): boolean {
  if (change === 'regression' || change === 'changed-denial' || change === 'relaxation') return true
  return change === 'unchanged' && now.kind === 'denied'
}

/** Before a run: the steps whose baseline is allowed (stepsAllowedInBaseline on the records). */
export function allowedInBaselineFromIndex(
  index: HistoryIndex,
  planned: Pick<RunRecord, 'target' | 'endpoint' | 'account' | 'startedAt'>,
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
