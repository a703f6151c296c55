/**
 * History for a diff and its reports through the index: the baselines (reading only the records they come
 * from), "since", and the dashboard's timeline as light runs decoded from the index's marks. Undefined
 * when the index cannot answer for the run (an older run of its class): the caller reads the records.
 */
import type { StepBaselines } from './baseline.js'
import { stepsAllowedInBaseline } from './baseline.js'
import { cachedBaselineResults, rememberBaselineResults, runFromIndex } from './baseline-results.js'
import { stepKey } from './diff-keys.js'
import { type BaseRef, groupKeyOf, type HistoryIndex } from './history-index.js'
import { loadHistoryIndex, readIndexedRecord } from './index-file.js'
import { resultsOfMarks } from './index-marks.js'
import {
  allowedInBaselineFromIndex,
  baselineRunsFromIndex,
  freshDenialRunsFromIndex,
  indexAnswers,
  sinceFromIndex,
} from './index-queries.js'
import { listRunRecords } from './run-record.js'
import { sameHistory } from './same-history.js'
import type { SinceSource } from './since.js'
import type { RunRecord } from './types.js'

export interface IndexedResolution {
  baselines: StepBaselines
  since: SinceSource
  /** The records the baselines came from, by run id. */
  records: Map<string, RunRecord>
  /** Baseline results were added to the index: worth writing it back. */
  indexChanged: boolean
}

export async function resolveWithIndex(
  reportsDir: string,
  index: HistoryIndex,
  current: RunRecord,
): Promise<IndexedResolution | undefined> {
  const view = indexAnswers(index, current)
  if (!view) return undefined
  const refs = baselineRunsFromIndex(view, current)
  const read = await readBaselineRuns(reportsDir, index, refs)
  if (!read) return undefined
  const { records, indexChanged } = read
  const byKey = new Map(
    [...records.values()].map((run) => [run.runId, new Map(run.results.map((r) => [stepKey(r), r]))]),
  )
  const baselines: StepBaselines = new Map()
  for (const [key, ref] of refs) {
    const result = byKey.get(ref.runId)?.get(key)
    // The record no longer says what the index does: it was rewritten in place; the records decide.
    if (!result) return undefined
    baselines.set(key, { result, run: records.get(ref.runId)! })
  }
  const fresh = await freshDenials(reportsDir, index, freshDenialRunsFromIndex(view, current), baselines, records)
  if (!fresh) return undefined
  return { baselines, since: sinceFromIndex(view, current), records, indexChanged: indexChanged || fresh.indexChanged }
}

/**
 * Attaches each seasoned step's open fresh denial to its baseline. Rare, and most often the step's baseline
 * already is that denial (its first seasoned night): only a denial no baseline brought is read.
 */
async function freshDenials(
  reportsDir: string,
  index: HistoryIndex,
  refs: Map<string, BaseRef>,
  baselines: StepBaselines,
  alreadyRead: Map<string, RunRecord>,
): Promise<{ indexChanged: boolean } | undefined> {
  const resultIn = (run: RunRecord | undefined, key: string) => run?.results.find((r) => stepKey(r) === key)
  const holding = (key: string, ref: BaseRef) => {
    const run = alreadyRead.get(ref.runId)
    return resultIn(run, key) ? run : undefined
  }
  const missing = new Map([...refs].filter(([key, ref]) => !holding(key, ref)))
  const read = missing.size > 0 ? await readBaselineRuns(reportsDir, index, missing) : undefined
  if (missing.size > 0 && !read) return undefined
  for (const [key, ref] of refs) {
    const run = holding(key, ref) ?? read?.records.get(ref.runId)
    const result = resultIn(run, key)
    if (!run || !result) return undefined
    const own = baselines.get(key)
    if (own) own.freshDenial = { result, run }
  }
  return { indexChanged: read?.indexChanged ?? false }
}

/**
 * The baseline runs by id. The newest is the report's baseline, read whole. An older one only lends the
 * steps it is still the baseline of: from the index when it kept them, else read once and kept there
 * (baseline-results.ts), so a long history's stale steps do not each cost a whole record.
 */
async function readBaselineRuns(
  reportsDir: string,
  index: HistoryIndex,
  refs: Map<string, BaseRef>,
): Promise<{ records: Map<string, RunRecord>; indexChanged: boolean } | undefined> {
  const keysOf = new Map<string, Set<string>>()
  for (const [key, ref] of refs) keysOf.set(ref.runId, (keysOf.get(ref.runId) ?? new Set()).add(key))
  const newest = Math.max(...[...refs.values()].map((ref) => Date.parse(ref.startedAt)))
  const entries = new Map(index.runs.map((run) => [run.runId, run]))
  const records = new Map<string, RunRecord>()
  let indexChanged = false
  for (const [runId, keys] of keysOf) {
    const entry = entries.get(runId)
    if (!entry) return undefined
    const older = Date.parse(entry.startedAt) < newest
    const kept = older ? cachedBaselineResults(index, runId, keys) : undefined
    if (kept) {
      records.set(
        runId,
        runFromIndex(entry, index.policies, () => kept),
      )
      continue
    }
    const record = await readIndexedRecord(reportsDir, entry)
    if (!older) {
      records.set(runId, record)
      continue
    }
    const lent = record.results.filter((result) => keys.has(stepKey(result)))
    rememberBaselineResults(index, runId, new Map(lent.map((result) => [stepKey(result), result])))
    indexChanged = true
    records.set(
      runId,
      runFromIndex(entry, index.policies, () => lent),
    )
  }
  return { records, indexChanged }
}

/**
 * The runs of the current run's history (same-history.ts), for the dashboard: summaries, policies and per-step
 * marks only (index-marks.ts), each run's results decoded when first read.
 */
export function lightHistory(
  index: HistoryIndex,
  current: Pick<RunRecord, 'target' | 'endpoint' | 'emulatorDate'>,
): RunRecord[] {
  const group = index.groups[groupKeyOf(current)]
  if (!group) return []
  // Marks are positions in their group's keys: only this history's runs decode with them.
  return index.runs
    .filter((run) => sameHistory(run, current))
    .map((run) => runFromIndex(run, index.policies, () => resultsOfMarks(run.marks, group.keys)))
}

/** Run files the history leaves out (not JSON, another schema), each with its problem: said before any run. */
export async function unusableRunFiles(reportsDir: string): Promise<string[]> {
  const { index } = await loadHistoryIndex(reportsDir)
  return index.invalid.map((invalid) => invalid.problem)
}

/** Before a run: the steps allowed in their baselines, from the index (the records only if it cannot answer). */
export async function allowedInBaselineOf(
  reportsDir: string,
  planned: Pick<RunRecord, 'target' | 'endpoint' | 'account' | 'startedAt' | 'emulatorDate'>,
  onUnusable: (problems: string[]) => void = () => {},
): Promise<Set<string>> {
  const { index } = await loadHistoryIndex(reportsDir)
  // Run files the history leaves out (not JSON, another schema): said before the run, not only after it.
  onUnusable(index.invalid.map((invalid) => invalid.problem))
  const answer = allowedInBaselineFromIndex(index, planned)
  if (answer) return answer
  const { runs } = await listRunRecords(reportsDir)
  return stepsAllowedInBaseline(
    planned,
    runs.map((run) => run.record),
  )
}
