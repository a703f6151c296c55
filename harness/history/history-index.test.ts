/**
 * The history index answers what a full scan of the records answers: the same drift report (baselines,
 * since, still-denied), the same dashboard, the same steps to probe, on generated histories with partial
 * runs, inconclusive steps, several targets and endpoints, and fresh, reused and per-step (pool) freshness. A missing, stale or
 * corrupt index is rebuilt, never trusted.
 */
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { exitCodeFor } from '../reporters/commands.js'
import { renderDashboard } from '../reporters/index.js'
import { resolveBaselines, stepsAllowedInBaseline } from './baseline.js'
import { diffSteps } from './diff.js'
import { generateHistory, type HistoryShape } from './history-fixtures.js'
import { compareRefs, groupKeyOf, type HistoryIndex } from './history-index.js'
import { historyIndexPath, loadHistoryIndex, readIndexedRecord } from './index-file.js'
import { allowedInBaselineFromIndex } from './index-queries.js'
import { lightHistory, resolveWithIndex } from './indexed-history.js'
import { allowed, deniedBy, failed, makeRun } from './run-fixtures.js'
import { listRunRecords, runRecordPath, writeRunRecord } from './run-record.js'
import type { DriftReport, RunRecord } from './types.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'harness-index-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const GENERATED_AT = '2027-01-01T00:00:00.000Z'
const SHAPE: HistoryShape = { nights: 40, regions: 3, scenarios: 3, steps: 3 }

async function fullScan(current: RunRecord): Promise<{ report: DriftReport; dashboard: string }> {
  const runs = (await listRunRecords(dir)).runs
  const resolved = await resolveBaselines(current, runs)
  const report = diffSteps(resolved.baselines, current, resolved.comparable, { generatedAt: GENERATED_AT })
  const history = runs.map((run) => run.record)
  return { report, dashboard: renderDashboard({ report, current, history, nights: 10 }) }
}

async function viaIndex(index: HistoryIndex, current: RunRecord) {
  const resolved = await resolveWithIndex(dir, index, current)
  if (!resolved) return undefined
  const report = diffSteps(resolved.baselines, current, resolved.since, { generatedAt: GENERATED_AT })
  return { report, dashboard: renderDashboard({ report, current, history: lightHistory(index, current), nights: 10 }) }
}

/** The newest run of every target and endpoint in the history. */
function newestPerGroup(runs: readonly RunRecord[]): RunRecord[] {
  const newest = new Map<string, RunRecord>()
  for (const run of runs) {
    const known = newest.get(groupKeyOf(run))
    if (!known || compareRefs(known, run) < 0) newest.set(groupKeyOf(run), run)
  }
  return [...newest.values()]
}

describe('history index vs a full scan of the records', () => {
  for (const seed of [1, 2, 3]) {
    it(`gives the same drift report and dashboard for the newest run of each target and endpoint (seed ${seed})`, async () => {
      // Given a history written run by run, the index updated after each (as harness run does), ending in a
      // pool night whose steps ran fresh and seasoned by turns
      const runs = [...generateHistory({ ...SHAPE, seed })]
      const last = runs.length - 1
      runs[last] = {
        ...runs[last]!,
        results: runs[last]!.results.map((result, i) => ({ ...result, freshness: i % 3 === 0 ? 'seasoned' : 'fresh' })),
      }
      for (const run of runs) {
        await writeRunRecord(dir, run)
        await loadHistoryIndex(dir)
      }
      const { index, status } = await loadHistoryIndex(dir)
      expect(status).toBe('current')
      // When each class's newest run is reported through the index and through every record
      const currents = newestPerGroup(runs)
      expect(currents.length).toBeGreaterThan(1)
      for (const current of currents) {
        const indexed = await viaIndex(index, current)
        // Then both say the same, to the byte
        expect(indexed).toBeDefined()
        expect(indexed).toEqual(await fullScan(current))
      }
    })
  }

  it('answers for a run that is not written yet (baselines before the fold), and for the probes planned before it', async () => {
    const runs = [...generateHistory({ ...SHAPE, seed: 7 })].filter(
      (run) => run.target === 'local' && run.endpoint === 'emulator',
    )
    const next = runs.pop()!
    for (const run of runs) await writeRunRecord(dir, run)
    const { index } = await loadHistoryIndex(dir)
    expect(await viaIndex(index, next)).toEqual(await fullScan(next))
    const records = (await listRunRecords(dir)).runs.map((run) => run.record)
    for (const fresh of [true, false]) {
      const planned = { ...next, startedAt: '2030-01-01T00:00:00.000Z', account: { ...next.account, fresh } }
      expect(allowedInBaselineFromIndex(index, planned)).toEqual(stepsAllowedInBaseline(planned, records))
    }
  })

  it('says it cannot answer for an older run of a class, so the caller reads the records', async () => {
    const runs = [...generateHistory({ ...SHAPE, seed: 4, mixClasses: false })]
    for (const run of runs) await writeRunRecord(dir, run)
    const { index } = await loadHistoryIndex(dir)
    expect(await resolveWithIndex(dir, index, runs[10]!)).toBeUndefined()
  })

  it('is the same whether folded run by run or rebuilt from the records, even when runs arrive out of order', async () => {
    const runs = [...generateHistory({ ...SHAPE, seed: 5 })]
    for (const run of runs.slice(0, 20)) await writeRunRecord(dir, run)
    await loadHistoryIndex(dir)
    // A shard merged late: a run older than the indexed ones appears
    for (const run of runs.slice(21)) await writeRunRecord(dir, run)
    await loadHistoryIndex(dir)
    await writeRunRecord(dir, runs[20]!)
    const late = await loadHistoryIndex(dir)
    expect(late.status).toBe('rebuilt')
    expect(late.rebuildReason).toMatch(/older than indexed runs/)
    await rm(historyIndexPath(dir))
    const rebuilt = await loadHistoryIndex(dir)
    expect(rebuilt.rebuildReason).toBe('missing')
    expect(stripTimes(rebuilt.index)).toEqual(stripTimes(late.index))
  })
})

const stripTimes = (index: HistoryIndex) => ({ ...index, runs: index.runs.map(({ mtimeMs: _, ...run }) => run) })

describe('an index that cannot be trusted is rebuilt', () => {
  async function history(): Promise<RunRecord[]> {
    const runs = [...generateHistory({ ...SHAPE, nights: 12, seed: 9, mixClasses: false })]
    for (const run of runs) await writeRunRecord(dir, run)
    await loadHistoryIndex(dir)
    return runs
  }

  it('rebuilds a truncated index instead of failing', async () => {
    await history()
    const text = await readFile(historyIndexPath(dir), 'utf8')
    await writeFile(historyIndexPath(dir), text.slice(0, text.length / 2))
    expect((await loadHistoryIndex(dir)).rebuildReason).toBe('corrupt (checksum mismatch)')
    expect((await loadHistoryIndex(dir)).status).toBe('current')
  })

  it('rebuilds an index whose content was edited (a wrong baseline is never served)', async () => {
    const runs = await history()
    const text = await readFile(historyIndexPath(dir), 'utf8')
    await writeFile(historyIndexPath(dir), text.replaceAll('"kind":"denied"', '"kind":"allowed"'))
    const { index, status } = await loadHistoryIndex(dir)
    expect(status).toBe('rebuilt')
    const current = runs.at(-1)!
    expect(await viaIndex(index, current)).toEqual(await fullScan(current))
  })

  it('rebuilds an index that is not JSON or from another version', async () => {
    await history()
    await writeFile(historyIndexPath(dir), 'garbage')
    expect((await loadHistoryIndex(dir)).rebuildReason).toMatch(/unreadable|corrupt/)
    await writeFile(historyIndexPath(dir), '{"format":"harness-history-index","version":99}\n{}')
    expect((await loadHistoryIndex(dir)).rebuildReason).toBe('written by another version')
  })

  it('rebuilds when a record changed or vanished, and notes an unusable record once with its problem', async () => {
    const runs = await history()
    await appendFile(runRecordPath(dir, runs[3]!.runId), '\n')
    expect((await loadHistoryIndex(dir)).rebuildReason).toMatch(/changed/)
    await rm(runRecordPath(dir, runs[4]!.runId))
    expect((await loadHistoryIndex(dir)).rebuildReason).toMatch(/is gone/)
    await writeFile(join(dir, 'runs', 'broken.json'), '{"runId": 1')
    const { index } = await loadHistoryIndex(dir)
    expect(index.invalid.map((f) => f.file)).toEqual(['broken.json'])
    expect(index.invalid[0]!.problem).toMatch(/broken\.json is not usable: not JSON/)
    expect(index.runs).toHaveLength(runs.length - 1)
  })

  it('names a record edited in place (same size and time) when it is read, never "unexpected error" (QA)', async () => {
    const runs = await history()
    const { index } = await loadHistoryIndex(dir)
    const file = runRecordPath(dir, runs[2]!.runId)
    const text = await readFile(file, 'utf8')
    await writeFile(file, `X${text.slice(1)}`)
    // The index entry as if the edit kept the file's size and time (the index then trusts it unread).
    const after = await stat(file)
    const indexed = index.runs.find((run) => run.runId === runs[2]!.runId)!
    const entry = { ...indexed, size: after.size, mtimeMs: after.mtimeMs }
    await expect(readIndexedRecord(dir, entry)).rejects.toMatchObject({
      code: 'STORED_RUN_INVALID',
      message: expect.stringMatching(/is not usable: not JSON/),
    })
  })
})

describe('a pool night after a fresh denial', () => {
  const STEP: [string, string, string] = ['logs/create-tagged-log-group', 'CreateLogGroup', 'us-east-1']
  const night = (n: number, outcome: ReturnType<typeof allowed>, freshness: 'fresh' | 'seasoned'): RunRecord => {
    const run = makeRun(`2026-11-0${n}T10-00-00Z-abc00${n}`, `2026-11-0${n}T10:00:00.000Z`, [[...STEP, outcome]])
    run.results = run.results.map((result) => ({ ...result, freshness }))
    run.account = { ...run.account, fresh: freshness === 'fresh' }
    return run
  }

  it('keeps the fresh regression open while seasoned accounts allow the step, until a fresh test allows it', async () => {
    // Given: allowed fresh, then denied fresh (AWS changed what new accounts need)
    const history = [night(1, allowed(), 'fresh'), night(2, deniedBy('logs:TagResource'), 'fresh')]
    const seasoned = [night(3, allowed(), 'seasoned'), night(4, allowed(), 'seasoned')]
    const reports: DriftReport[] = []
    for (const run of [...history, ...seasoned]) {
      if (!history.includes(run)) {
        // When a pool night runs the step in a seasoned account, where it is allowed (the records and the index agree)
        const { index } = await loadHistoryIndex(dir)
        const scanned = (await fullScan(run)).report
        expect((await viaIndex(index, run))?.report).toEqual(scanned)
        reports.push(scanned)
      }
      await writeRunRecord(dir, run)
    }
    // Then on each seasoned night the fresh regression stays open (exit 1), never a relaxation
    for (const report of reports) {
      expect(report.changes).toEqual([
        expect.objectContaining({
          change: 'inconclusive',
          stillDenied: true,
          inconclusiveReason: expect.stringContaining('fresh accounts denied it when last tested'),
          // The fix is the open fresh denial's, not "see the denial messages"
          missingAction: 'logs:TagResource',
        }),
      ])
      expect(report.verdict?.code ?? exitCodeFor(report)).toBe(1)
    }
    // And a fresh test that allows it closes it: a relaxation against the fresh denial
    const fresh = night(5, allowed(), 'fresh')
    expect((await fullScan(fresh)).report.changes).toEqual([expect.objectContaining({ change: 'relaxation' })])
  })
})

describe('a night whose scenario stopped early after a throttled step (review: the regressed step "vanished")', () => {
  const LOGS = 'logs/create-tagged-log-group'
  const run = (n: number, specs: Parameters<typeof makeRun>[2]) =>
    makeRun(`2026-11-0${n}T10-00-00Z-abc00${n}`, `2026-11-0${n}T10:00:00.000Z`, specs)
  const throttled = failed('throttled', 'ThrottlingException')

  it('keeps the regression open that night and the next (the records and the index agree), until the step runs again', async () => {
    // Given: the step allowed, then denied (a regression)
    const history = [
      run(1, [
        [LOGS, 'DescribeLogGroups', 'us-east-1', allowed()],
        [LOGS, 'CreateLogGroup', 'us-east-1', allowed()],
      ]),
      run(2, [
        [LOGS, 'DescribeLogGroups', 'us-east-1', allowed()],
        [LOGS, 'CreateLogGroup', 'us-east-1', deniedBy('logs:TagResource')],
      ]),
    ]
    for (const night of history) await writeRunRecord(dir, night)
    // When the scenario returns after a throttled first step, two nights running
    const cutShort = [3, 4].map((n) => run(n, [[LOGS, 'DescribeLogGroups', 'us-east-1', throttled]]))
    for (const night of cutShort) {
      const { index } = await loadHistoryIndex(dir)
      const scanned = (await fullScan(night)).report
      expect((await viaIndex(index, night))?.report).toEqual(scanned)
      // Then the denied step is not "vanished": still denied, not reached, exit 1
      expect(scanned.changes.find((c) => c.step === 'CreateLogGroup')).toMatchObject({
        change: 'inconclusive',
        stillDenied: true,
        inconclusiveReason: expect.stringContaining('not reached: its scenario stopped after an inconclusive step'),
        missingAction: 'logs:TagResource',
      })
      expect(scanned.verdict?.code).toBe(1)
      await writeRunRecord(dir, night)
    }
    // And a clean run of the scenario without the step (renamed, removed) lets it go
    const clean = run(5, [[LOGS, 'DescribeLogGroups', 'us-east-1', allowed()]])
    expect((await fullScan(clean)).report.changes.find((c) => c.step === 'CreateLogGroup')?.change).toBe('vanished')
    await writeRunRecord(dir, clean)
    const after = run(6, [[LOGS, 'DescribeLogGroups', 'us-east-1', allowed()]])
    const { index } = await loadHistoryIndex(dir)
    expect((await viaIndex(index, after))?.report).toEqual((await fullScan(after)).report)
    expect((await fullScan(after)).report.verdict?.code).toBe(0)
  })
})
