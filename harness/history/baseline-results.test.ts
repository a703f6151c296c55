/**
 * A step inconclusive for a while keeps an older baseline; its result is read from that run's record once,
 * kept in the index, and taken from there afterwards, so later runs read only the newest baseline record.
 */
import { mkdtemp, readFile, rename, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { diffSteps } from './diff.js'
import { generateHistory } from './history-fixtures.js'
import type { HistoryIndex } from './history-index.js'
import { historyIndexPath, loadHistoryIndex, writeHistoryIndex } from './index-file.js'
import { resolveWithIndex } from './indexed-history.js'
import { runRecordPath, writeRunRecord } from './run-record.js'
import type { RunRecord } from './types.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-baseline-results-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const GENERATED_AT = '2027-01-01T00:00:00.000Z'

async function reportOf(current: RunRecord) {
  const { index } = await loadHistoryIndex(dir)
  const resolved = await resolveWithIndex(dir, index, current)
  if (!resolved) throw new Error('the index did not answer')
  await writeHistoryIndex(dir, index)
  return { report: diffSteps(resolved.baselines, current, resolved.since, { generatedAt: GENERATED_AT }), index }
}

/** Two weeks where partial runs leave some steps with a baseline older than the newest baseline run. */
const partialHistory = () => [
  ...generateHistory({ nights: 14, regions: 2, scenarios: 2, steps: 2, seed: 3, mixClasses: false, partialShare: 0.6 }),
]

it('reads an older baseline record once, then answers from the index without it', async () => {
  // Given a history where partial runs leave some steps with a baseline older than the newest baseline run
  const runs = partialHistory()
  const tonight = runs.pop()!
  for (const run of runs) await writeRunRecord(dir, run)
  const first = await reportOf(tonight)
  const older = Object.keys(first.index.baselineResults ?? {})
  expect(older.length).toBeGreaterThan(0)
  expect(older).not.toContain(first.report.baselineRunId)
  // When the saved index is read back, those records are moved away and the same run is reported again
  const saved = await loadSavedIndex()
  for (const runId of older) await rename(runRecordPath(dir, runId), join(dir, `${runId}.moved`))
  const again = await resolveWithIndex(dir, saved, tonight)
  // Then the same report comes out, every older baseline from the index
  expect(again).toBeDefined()
  expect(diffSteps(again!.baselines, tonight, again!.since, { generatedAt: GENERATED_AT })).toEqual(first.report)
  expect(again!.indexChanged).toBe(false)
})

it('keeps only results some step still refers to', async () => {
  const runs = partialHistory()
  for (const run of runs) await writeRunRecord(dir, run)
  const { index } = await reportOf(runs.at(-1)!)
  const referenced = new Set(
    Object.values(index.classes).flatMap((cls) =>
      Object.entries(cls.steps).flatMap(([key, step]) =>
        [step.base?.runId, step.prevBase?.runId].filter(Boolean).map((runId) => `${runId} ${key}`),
      ),
    ),
  )
  for (const [runId, byKey] of Object.entries(index.baselineResults ?? {}))
    for (const key of Object.keys(byKey)) expect(referenced).toContain(`${runId} ${key}`)
})

/** The index as the last command wrote it (loadHistoryIndex would rebuild it once a record is gone). */
async function loadSavedIndex(): Promise<HistoryIndex> {
  const text = await readFile(historyIndexPath(dir), 'utf8')
  return JSON.parse(text.slice(text.indexOf('\n') + 1))
}
