/**
 * The baseline results the index keeps (pure): a step's baseline usually comes from the newest baseline
 * run, which is read whole anyway; a step that has been inconclusive or skipped for a while keeps an older
 * baseline, and reading that whole record for one step makes a run's memory and time grow with the
 * history. So the first read of such a record leaves the few results it lent in the index, and later runs
 * take them from there. Entries no step refers to any more (as its baseline or the one before) are dropped,
 * so the cache is bounded by the steps, not by the runs.
 */
import type { HistoryIndex, IndexedRun } from './history-index.js'
import type { RunRecord, StepResult } from './types.js'

/** The results of `keys` from run `runId`, if the index holds every one of them. */
export function cachedBaselineResults(
  index: HistoryIndex,
  runId: string,
  keys: Iterable<string>,
): StepResult[] | undefined {
  const stored = index.baselineResults?.[runId]
  if (!stored) return undefined
  const results: StepResult[] = []
  for (const key of keys) {
    const result = stored[key]
    if (!result) return undefined
    results.push(result)
  }
  return results
}

/** Keeps `results` (keyed by step key) of run `runId`, then drops what no step refers to any more. */
export function rememberBaselineResults(index: HistoryIndex, runId: string, results: Map<string, StepResult>): void {
  index.baselineResults ??= {}
  const cache = index.baselineResults
  cache[runId] = { ...cache[runId], ...Object.fromEntries(results) }
  pruneBaselineResults(index)
}

function pruneBaselineResults(index: HistoryIndex): void {
  const cache = index.baselineResults
  if (!cache) return
  const referenced = new Set<string>()
  for (const cls of Object.values(index.classes)) {
    for (const [key, step] of Object.entries(cls.steps)) {
      if (step.base) referenced.add(`${step.base.runId}\u0000${key}`)
      if (step.prevBase) referenced.add(`${step.prevBase.runId}\u0000${key}`)
    }
  }
  for (const [runId, byKey] of Object.entries(cache)) {
    for (const key of Object.keys(byKey)) if (!referenced.has(`${runId}\u0000${key}`)) delete byKey[key]
    if (Object.keys(byKey).length === 0) delete cache[runId]
  }
}

/**
 * A run rebuilt from its index entry: what a diff and the dashboard read of an older run (id, start,
 * target, endpoint, account freshness, policy), with its results made when first read.
 */
export function runFromIndex(run: IndexedRun, policies: Record<string, unknown>, resultsOf: () => StepResult[]) {
  let results: StepResult[] | undefined
  const light = {
    schemaVersion: 2,
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    target: run.target,
    endpoint: run.endpoint,
    policyHash: run.policyHash,
    account: { id: '', createdAt: '', fresh: run.fresh },
    regions: [],
    scenarios: [],
    ...(run.hasPolicy ? { policy: policies[run.policyHash] } : {}),
    ...(run.emulatorDate ? { emulatorDate: run.emulatorDate } : {}),
    get results() {
      results ??= resultsOf()
      return results
    },
  }
  return light as unknown as RunRecord
}
