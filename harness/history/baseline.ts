/** Which earlier run the current one is compared with. */
import { stepKey } from './diff.js'
import { compareStartedAt, readRunRecord, type StoredRun } from './run-record.js'
import type { RunRecord } from './types.js'

/** Comparable: same target, finished, not the current run, started before it, and shares a scenario×step×region. */
export function isComparable(candidate: RunRecord, current: RunRecord): boolean {
  if (candidate.runId === current.runId || candidate.target !== current.target) return false
  if (Number.isNaN(Date.parse(candidate.finishedAt))) return false
  if (Date.parse(candidate.startedAt) > Date.parse(current.startedAt)) return false
  const currentKeys = new Set(current.results.map(stepKey))
  return candidate.results.some((result) => currentKeys.has(stepKey(result)))
}

/** The most recent comparable previous run, or null for a first run. */
export function selectBaseline(current: RunRecord, runs: readonly StoredRun[]): StoredRun | null {
  const comparable = runs.filter((run) => isComparable(run.record, current))
  comparable.sort((a, b) => compareStartedAt(a.record, b.record))
  return comparable.at(-1) ?? null
}

/** `--baseline <file>` wins over the reports directory. Throws StoredRunError for an unusable file. */
export async function resolveBaseline(
  current: RunRecord,
  runs: readonly StoredRun[],
  explicitFile?: string,
): Promise<StoredRun | null> {
  if (explicitFile) return { path: explicitFile, record: await readRunRecord(explicitFile) }
  return selectBaseline(current, runs)
}
