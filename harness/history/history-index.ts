/**
 * The compact index of `<reports>/runs` (pure): per run its summary, per comparability class of a step
 * (target, endpoint, the step's freshness: step-freshness.ts) its last conclusive outcome plus the streak
 * "since" needs, and per target + endpoint the outcome marks the dashboard's timeline draws and when each
 * scenario last ran fresh in each region. It is folded run by run in start
 * order, so a new run costs one record, and it keeps exactly what a full scan of the records would compute
 * for the newest run of a class (index-queries.ts). An older run is answered by reading the records.
 */

import { compareText } from '../compare-text.js'
import { INCONCLUSIVE_KINDS } from '../outcomes/types.js'
import { isConclusive } from './baseline.js'
import { denialIdentity } from './diff.js'
import { stepKey } from './diff-keys.js'
import { markOf } from './index-marks.js'
import { historyKeyOf, runDate } from './same-history.js'
import { stepFreshness } from './step-freshness.js'
import type { FreshnessClass, RunRecord, StepResult } from './types.js'

/** 2: a replay's runs are a history of their own (same-history.ts). 3: a replay's last fresh tests are dated in its emulated days. */
export const HISTORY_INDEX_VERSION = 3

/** A run as the index orders them: by start time, then run id (compareStartedAt). */
export interface RunRef {
  runId: string
  startedAt: string
}

/** The unbroken streak of a step's last allowed/denied outcome, as history/since.ts walks it. */
export interface Streak {
  runId: string
  kind: 'allowed' | 'denied'
  denial: string
  kindFrom: RunRef
  kindAfterAllowed: boolean
  denialFrom: RunRef
  denialAfterAllowed: boolean
}

/** The last conclusive outcome (what a baseline can be), with the streak as it stood before that run. */
export interface BaseRef extends RunRef {
  kind: 'allowed' | 'denied'
  before?: Streak
}

export interface IndexedStep {
  base?: BaseRef
  /** The base before the last one (from another run): the baseline when the newest run is the current one. */
  prevBase?: Omit<BaseRef, 'before'>
  streak?: Streak
  /** The streak before `streak.runId` was folded. */
  streakBefore?: Streak
  /** The last run that had the step at all, and the one before it. */
  seen: string
  prevSeen?: string
}

export interface IndexedClass {
  steps: Record<string, IndexedStep>
}

export interface IndexedGroup {
  last: RunRef
  /** `scenario \0 step \0 region` of every step seen, in first-seen order; marks align with it. */
  keys: string[]
  /** Per `scenario \0 region`: the start of the last finished run that ran it fresh (step-freshness.ts). */
  lastFresh: Record<string, string>
}

export interface IndexedRun extends RunRef {
  file: string
  size: number
  mtimeMs: number
  finishedAt: string
  target: RunRecord['target']
  endpoint: string
  fresh: boolean
  policyHash: string
  /** The record stored its policy document (in `policies` by hash). */
  hasPolicy: boolean
  emulatorDate?: string
  /** A shard record (harness merge joins them): its group. */
  shardGroup?: string
  results: number
  /** One character per key of the run's group (index-marks.ts); shorter strings end in absent steps. */
  marks: string
}

export interface InvalidFile {
  file: string
  size: number
  mtimeMs: number
  problem: string
}

export interface HistoryIndex {
  version: typeof HISTORY_INDEX_VERSION
  runs: IndexedRun[]
  invalid: InvalidFile[]
  classes: Record<string, IndexedClass>
  groups: Record<string, IndexedGroup>
  policies: Record<string, unknown>
  /**
   * Stored results of baselines older than the newest baseline run (a step inconclusive for months), by run
   * id then step key (baseline-results.ts), so a run reads one baseline record however old the others are.
   */
  baselineResults?: Record<string, Record<string, StepResult>>
}

export const emptyHistoryIndex = (): HistoryIndex => ({
  version: HISTORY_INDEX_VERSION,
  runs: [],
  invalid: [],
  classes: {},
  groups: {},
  policies: {},
})

/** The comparability class of one step of a run: its history (target, endpoint, clock) and freshness. */
export const classKeyOf = (run: HistoryKeys, freshness: FreshnessClass): string =>
  `${historyKeyOf(run)}\u0000${freshness}`
export const groupKeyOf = (run: HistoryKeys): string => historyKeyOf(run)
type HistoryKeys = Pick<RunRecord, 'target' | 'endpoint' | 'emulatorDate'>
export const scopeKeyOf = (r: Pick<StepResult, 'scenario' | 'region'>): string => `${r.scenario}\u0000${r.region}`

/** compareStartedAt on references. */
export function compareRefs(a: RunRef, b: RunRef): number {
  return Date.parse(a.startedAt) - Date.parse(b.startedAt) || compareText(a.runId, b.runId)
}

/** Comparable history excludes runs that never finished (baseline.ts isComparable). */
const finished = (run: RunRecord): boolean => !Number.isNaN(Date.parse(run.finishedAt))

/** Whether `run` can be folded incrementally: newer than every run already in its history (same-history.ts). */
export function foldsInOrder(index: HistoryIndex, run: RunRecord): boolean {
  const group = index.groups[groupKeyOf(run)]
  return !group || compareRefs(group.last, run) < 0
}

export interface FileStat {
  file: string
  size: number
  mtimeMs: number
}

/** Mutates `index`: one more run, which must fold in order (foldsInOrder). */
export function foldRecord(index: HistoryIndex, run: RunRecord, stat: FileStat): void {
  const ref: RunRef = { runId: run.runId, startedAt: run.startedAt }
  const group = entryOf(index.groups, groupKeyOf(run), (): IndexedGroup => ({ last: ref, keys: [], lastFresh: {} }))
  group.last = ref
  const entry: IndexedRun = {
    ...ref,
    ...stat,
    finishedAt: run.finishedAt,
    target: run.target,
    endpoint: run.endpoint,
    fresh: run.account.fresh,
    policyHash: run.policyHash,
    hasPolicy: run.policy !== undefined,
    results: run.results.length,
    marks: marksOf(group, run.results),
  }
  if (run.emulatorDate) entry.emulatorDate = run.emulatorDate
  const shard = (run as { shard?: { group?: unknown } }).shard
  if (shard && typeof shard.group === 'string') entry.shardGroup = shard.group
  if (run.policy !== undefined && !(run.policyHash in index.policies)) index.policies[run.policyHash] = run.policy
  index.runs.push(entry)
  if (finished(run)) {
    foldClasses(index, run, ref)
    foldLastFresh(group, run)
  }
}

/** lastFreshByRegion's input (step-freshness.ts): runs where a step of the scenario ran fresh there. */
function foldLastFresh(group: IndexedGroup, run: RunRecord): void {
  for (const result of run.results) {
    if (stepFreshness(result, run) !== 'fresh' || !ranAt(result)) continue
    const scope = scopeKeyOf(result)
    if ((group.lastFresh[scope] ?? '') < runDate(run)) group.lastFresh[scope] = runDate(run)
  }
}

export const ranAt = (result: StepResult): boolean =>
  result.outcome.kind !== 'skipped' && result.outcome.kind !== 'region-not-ready'

function entryOf<T>(record: Record<string, T>, key: string, create: () => T): T {
  const known = record[key]
  if (known) return known
  const created = create()
  record[key] = created
  return created
}

function marksOf(group: IndexedGroup, results: readonly StepResult[]): string {
  const position = new Map(group.keys.map((key, i) => [key, i]))
  const marks: string[] = new Array(group.keys.length).fill(markOf(undefined))
  for (const result of results) {
    const key = stepKey(result)
    let at = position.get(key)
    if (at === undefined) {
      at = group.keys.push(key) - 1
      position.set(key, at)
    }
    marks[at] = markOf(result)
  }
  return marks.join('').replace(/:+$/, '')
}

function foldClasses(index: HistoryIndex, run: RunRecord, ref: RunRef): void {
  for (const result of run.results) {
    const cls = entryOf(index.classes, classKeyOf(run, stepFreshness(result, run)), () => ({ steps: {} }))
    const step = entryOf(cls.steps, stepKey(result), (): IndexedStep => ({ seen: run.runId }))
    if (step.seen !== run.runId) Object.assign(step, { prevSeen: step.seen, seen: run.runId })
    foldStep(step, result, ref)
  }
}

/** since.ts counts every allowed or denied outcome (probed ones too); baselines only isConclusive ones. */
const countsForSince = (result: StepResult): boolean =>
  result.outcome.kind !== 'skipped' && !INCONCLUSIVE_KINDS.includes(result.outcome.kind)

function foldStep(step: IndexedStep, result: StepResult, ref: RunRef): void {
  const before = step.streak
  if (countsForSince(result)) {
    step.streakBefore = before
    step.streak = nextStreak(before, result, ref)
    if (!step.streakBefore) delete step.streakBefore
  }
  if (!isConclusive(result)) return
  if (step.base && step.base.runId !== ref.runId) {
    const { before: _ignored, ...previous } = step.base
    step.prevBase = previous
  }
  step.base = { ...ref, kind: result.outcome.kind as 'allowed' | 'denied', ...(before ? { before } : {}) }
}

export function nextStreak(previous: Streak | undefined, result: StepResult, ref: RunRef): Streak {
  const kind = result.outcome.kind as 'allowed' | 'denied'
  const denial = denialIdentity(result.outcome)
  if (!previous)
    return {
      runId: ref.runId,
      kind,
      denial,
      kindFrom: ref,
      kindAfterAllowed: false,
      denialFrom: ref,
      denialAfterAllowed: false,
    }
  const sameKind = previous.kind === kind
  const sameDenial = kind === 'denied' && previous.kind === 'denied' && previous.denial === denial
  return {
    runId: ref.runId,
    kind,
    denial,
    kindFrom: sameKind ? previous.kindFrom : ref,
    kindAfterAllowed: sameKind ? previous.kindAfterAllowed : previous.kind === 'allowed',
    denialFrom: sameDenial ? previous.denialFrom : ref,
    denialAfterAllowed: sameDenial ? previous.denialAfterAllowed : previous.kind === 'allowed',
  }
}
