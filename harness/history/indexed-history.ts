/**
 * History for a diff and its reports through the index: the baselines (reading only the records they come
 * from), "since", and the dashboard's timeline as light runs decoded from the index's marks. Undefined
 * when the index cannot answer for the run (an older run of its class): the caller reads the records.
 */
import type { StepBaselines } from './baseline.js'
import { stepsAllowedInBaseline } from './baseline.js'
import { stepKey } from './diff-keys.js'
import { groupKeyOf, type HistoryIndex, type IndexedRun } from './history-index.js'
import { loadHistoryIndex, readIndexedRecord } from './index-file.js'
import { resultsOfMarks } from './index-marks.js'
import { allowedInBaselineFromIndex, baselineRunsFromIndex, indexAnswers, sinceFromIndex } from './index-queries.js'
import { listRunRecords } from './run-record.js'
import type { SinceSource } from './since.js'
import type { RunRecord } from './types.js'

export interface IndexedResolution {
  baselines: StepBaselines
  since: SinceSource
  /** The records the baselines came from, by run id. */
  records: Map<string, RunRecord>
}

export async function resolveWithIndex(
  reportsDir: string,
  index: HistoryIndex,
  current: RunRecord,
): Promise<IndexedResolution | undefined> {
  const view = indexAnswers(index, current)
  if (!view) return undefined
  const refs = baselineRunsFromIndex(view, current)
  const records = new Map<string, RunRecord>()
  const entries = new Map(index.runs.map((run) => [run.runId, run]))
  for (const runId of new Set([...refs.values()].map((ref) => ref.runId))) {
    const entry = entries.get(runId)
    if (!entry) return undefined
    records.set(runId, await readIndexedRecord(reportsDir, entry))
  }
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
  return { baselines, since: sinceFromIndex(view, current), records }
}

/**
 * The runs of the current run's target and endpoint, for the dashboard: summaries, policies and per-step
 * marks only (index-marks.ts), each run's results decoded when first read.
 */
export function lightHistory(index: HistoryIndex, current: Pick<RunRecord, 'target' | 'endpoint'>): RunRecord[] {
  const group = index.groups[groupKeyOf(current)]
  if (!group) return []
  return index.runs
    .filter((run) => run.target === current.target && run.endpoint === current.endpoint)
    .map((run) => lightRun(run, group.keys, index.policies))
}

function lightRun(run: IndexedRun, keys: readonly string[], policies: Record<string, unknown>): RunRecord {
  let results: RunRecord['results'] | undefined
  const light = {
    schemaVersion: 2,
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    target: run.target,
    endpoint: run.endpoint,
    policyHash: run.policyHash,
    account: { id: '', createdAt: '', fresh: run.fresh },
    ...(run.hasPolicy ? { policy: policies[run.policyHash] } : {}),
    ...(run.emulatorDate ? { emulatorDate: run.emulatorDate } : {}),
    get results() {
      results ??= resultsOfMarks(run.marks, keys)
      return results
    },
  }
  return light as unknown as RunRecord
}

/** Before a run: the steps allowed in their baselines, from the index (the records only if it cannot answer). */
export async function allowedInBaselineOf(
  reportsDir: string,
  planned: Pick<RunRecord, 'target' | 'endpoint' | 'account' | 'startedAt'>,
): Promise<Set<string>> {
  const { index } = await loadHistoryIndex(reportsDir)
  const answer = allowedInBaselineFromIndex(index, planned)
  if (answer) return answer
  const { runs } = await listRunRecords(reportsDir)
  return stepsAllowedInBaseline(
    planned,
    runs.map((run) => run.record),
  )
}
