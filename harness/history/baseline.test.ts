/**
 * Per-step baselines: each `scenario / step @ region` is compared with its own most recent conclusive outcome,
 * so partial runs and inconclusive nights never reset or hide a regression (issue #7, "Why").
 */
import { describe, expect, it } from 'vitest'
import { selectStepBaselines } from './baseline.js'
import { diffSteps } from './diff.js'
import { allowed, deniedBy, failed, makeRun } from './run-fixtures.js'
import type { RunRecord } from './types.js'

const LOGS = 'logs/create-tagged-log-group'
const ECR = 'ecr/create-tagged-repository'
const day = (n: number) => `2026-11-0${n}T00:00:00.000Z`

function diffAgainstHistory(current: RunRecord, history: RunRecord[]) {
  const { baselines, comparable } = selectStepBaselines(current, history)
  return diffSteps(baselines, current, [...comparable, current], { generatedAt: day(9) })
}

describe('per-step baselines', () => {
  it('Given a full run, then a partial run, When a full run regresses in a region the partial run skipped, Then it is a regression', () => {
    const full = makeRun('r1', day(1), [
      [LOGS, 'CreateLogGroup', 'us-east-1', allowed()],
      [LOGS, 'CreateLogGroup', 'eu-west-1', allowed()],
    ])
    const partial = makeRun('r2', day(2), [[LOGS, 'CreateLogGroup', 'us-east-1', allowed()]])
    const regressed = makeRun('r3', day(3), [
      [LOGS, 'CreateLogGroup', 'us-east-1', allowed()],
      [LOGS, 'CreateLogGroup', 'eu-west-1', deniedBy('logs:TagResource')],
    ])
    const report = diffAgainstHistory(regressed, [full, partial])
    expect(report.summary).toMatchObject({ regressions: 1, new: 0 })
    const eu = report.changes.find((c) => c.region === 'eu-west-1')
    expect(eu).toMatchObject({ change: 'regression', baseline: { runId: 'r1', startedAt: day(1) } })
    expect(report.changes.find((c) => c.region === 'us-east-1')?.baseline?.runId).toBe('r2')
    expect(report.verdict?.code).toBe(1)
  })

  it('Given a --scenario run in between, Then the other scenarios keep their baseline', () => {
    const full = makeRun('r1', day(1), [
      [LOGS, 'CreateLogGroup', 'us-east-1', allowed()],
      [ECR, 'CreateRepository', 'us-east-1', allowed()],
    ])
    const logsOnly = makeRun('r2', day(2), [[LOGS, 'CreateLogGroup', 'us-east-1', allowed()]])
    const regressed = makeRun('r3', day(3), [
      [LOGS, 'CreateLogGroup', 'us-east-1', allowed()],
      [ECR, 'CreateRepository', 'us-east-1', deniedBy('ecr:TagResource')],
    ])
    expect(diffAgainstHistory(regressed, [full, logsOnly]).summary.regressions).toBe(1)
  })

  it('Given allowed, then throttled, When denied, Then the throttled night is skipped and it is a regression', () => {
    const key = (outcome: Parameters<typeof makeRun>[2][number][3]) =>
      [[ECR, 'CreateRepository', 'us-east-1', outcome]] as Parameters<typeof makeRun>[2]
    const history = [
      makeRun('r1', day(1), key(allowed())),
      makeRun('r2', day(2), key(failed('throttled', 'ThrottlingException'))),
    ]
    const denied = makeRun('r3', day(3), key(deniedBy('ecr:TagResource')))
    const report = diffAgainstHistory(denied, history)
    expect(report.changes[0]).toMatchObject({ change: 'regression', baseline: { runId: 'r1' } })
    // And alternating throttled and denied nights stay red: the regression is still open after another throttle.
    const history2 = [...history, denied, makeRun('r4', day(4), key(failed('throttled', 'ThrottlingException')))]
    const again = diffAgainstHistory(makeRun('r5', day(5), key(deniedBy('ecr:TagResource'))), history2)
    expect(again.changes[0]).toMatchObject({ change: 'unchanged', stillDenied: true })
    expect(again.verdict?.code).toBe(1)
    // And a throttled night after the regression does not close it: it stays open until allowed again.
    const throttledAgain = makeRun('r6', day(6), key(failed('throttled', 'ThrottlingException')))
    const stillOpen = diffAgainstHistory(throttledAgain, [
      ...history2,
      makeRun('r5', day(5), key(deniedBy('ecr:TagResource'))),
    ])
    expect(stillOpen.changes[0]).toMatchObject({ change: 'inconclusive', stillDenied: true, since: day(3) })
    expect(stillOpen.verdict?.code).toBe(1)
  })

  it('never takes a baseline from another target or endpoint', () => {
    const key = [[ECR, 'CreateRepository', 'us-east-1', allowed()]] as Parameters<typeof makeRun>[2]
    const current = makeRun('now', day(5), [[ECR, 'CreateRepository', 'us-east-1', deniedBy('ecr:TagResource')]])
    const others = [
      makeRun('aws', day(1), key, { target: 'aws', endpoint: 'aws' }),
      makeRun('custom', day(2), key, { endpoint: 'http://localhost:4566' }),
    ]
    const report = diffAgainstHistory(current, others)
    expect(report.baselineRunId).toBeNull()
    expect(report.changes[0]?.change).toBe('open-denial')
  })

  it('never compares a replay (--emulator-date) with a run on today’s clock, either way', () => {
    const key = [[ECR, 'CreateRepository', 'us-east-1', allowed()]] as Parameters<typeof makeRun>[2]
    const denied = [[ECR, 'CreateRepository', 'us-east-1', deniedBy('ecr:TagResource')]] as Parameters<
      typeof makeRun
    >[2]
    const replayed = makeRun('replay-2022', day(1), key, { emulatorDate: '2022-10-01T00:00:00.000Z' })
    const today = makeRun('today', day(2), key)
    // A run on today's clock after a replay: its history is today's runs only.
    const todayReport = diffAgainstHistory(makeRun('now', day(5), denied), [replayed])
    expect(todayReport.baselineRunId).toBeNull()
    expect(todayReport.changes[0]?.change).toBe('open-denial')
    // A replay after a run on today's clock: the replays only, and an earlier replay is its baseline.
    const replay2023 = makeRun('replay-2023', day(6), denied, { emulatorDate: '2023-02-01T00:00:00.000Z' })
    expect(diffAgainstHistory(replay2023, [today]).baselineRunId).toBeNull()
    const regressed = diffAgainstHistory(replay2023, [replayed, today])
    expect(regressed.baselineRunId).toBe('replay-2022')
    expect(regressed.changes[0]?.change).toBe('regression')
  })

  it('prefers a baseline of the same account freshness, and falls back to the other only when there is none', () => {
    const key = [[ECR, 'CreateRepository', 'us-east-1', allowed()]] as Parameters<typeof makeRun>[2]
    const denied = [[ECR, 'CreateRepository', 'us-east-1', deniedBy('ecr:TagResource')]] as Parameters<
      typeof makeRun
    >[2]
    const reused = { account: { id: '1', createdAt: day(1), fresh: false } }
    const current = makeRun('now', day(5), denied)
    // Only a reused account's run: it is the fallback, and the report says the baseline ran seasoned.
    const fallback = diffAgainstHistory(current, [makeRun('reused', day(3), key, reused)])
    expect(fallback.changes[0]).toMatchObject({
      change: 'regression',
      baseline: { runId: 'reused' },
      baselineFreshness: 'seasoned',
    })
    // A fresh run exists too (older): the same freshness wins over the more recent reused run.
    const same = diffAgainstHistory(current, [makeRun('fresh', day(2), denied), makeRun('reused', day(3), key, reused)])
    expect(same.changes[0]).toMatchObject({ change: 'open-denial', baseline: { runId: 'fresh' } })
    expect(same.changes[0]?.baselineFreshness).toBeUndefined()
  })

  it('Given pool runs mixing fresh and seasoned steps, Then each step is compared with its last conclusive outcome of the same freshness', () => {
    const step = (region: string, outcome: ReturnType<typeof allowed>, freshness: 'fresh' | 'seasoned') => ({
      scenario: LOGS,
      step: 'CreateLogGroup',
      region,
      outcome,
      startedAt: day(1),
      finishedAt: day(1),
      accountId: freshness === 'fresh' ? '111111111111' : '222222222222',
      freshness,
      ...(freshness === 'seasoned' ? { notFresh: 'seasoned: account 222222222222 has used it before' } : {}),
    })
    const pool = (runId: string, n: number, results: ReturnType<typeof step>[]) =>
      makeRun(runId, day(n), [], {
        strategy: 'pool',
        account: { id: '111111111111', createdAt: day(1), fresh: false },
        regions: [{ name: 'us-east-1' }],
        scenarios: [LOGS],
        results,
      })
    // Night 1 fresh: denied (a fresh-accounts-only change). Night 2 seasoned: allowed (existing accounts unaffected).
    const night1 = pool('n1', 1, [step('us-east-1', deniedBy('logs:TagResource'), 'fresh')])
    const night2 = pool('n2', 2, [step('us-east-1', allowed(), 'seasoned')])
    // Night 3 seasoned again, allowed: its baseline is night 2 (seasoned), not the fresh denial of night 1; but a
    // seasoned account cannot clear that denial, which new accounts still get: it stays open until a fresh test.
    const seasonedAgain = diffAgainstHistory(pool('n3', 3, [step('us-east-1', allowed(), 'seasoned')]), [
      night1,
      night2,
    ])
    expect(seasonedAgain.changes[0]).toMatchObject({
      change: 'open-denial',
      freshness: 'seasoned',
      baseline: { runId: 'n2' },
    })
    expect(seasonedAgain.verdict?.code).toBe(1)
    expect(seasonedAgain.freshness).toMatchObject({
      strategy: 'pool',
      seasonedSteps: 1,
      lastFreshByRegion: { 'us-east-1': day(1) },
    })
    // Night 3 fresh and allowed: a relaxation against the last FRESH outcome (night 1), not "unchanged" against night 2.
    const freshAgain = diffAgainstHistory(pool('n3', 3, [step('us-east-1', allowed(), 'fresh')]), [night1, night2])
    expect(freshAgain.changes[0]).toMatchObject({ change: 'relaxation', freshness: 'fresh', baseline: { runId: 'n1' } })
    expect(freshAgain.freshness?.lastFreshByRegion).toEqual({ 'us-east-1': day(3) })
    // On a replay, the last fresh test is dated in its emulated days, as its since and its plan are (QA).
    const replayed = (run: RunRecord, n: number) => ({ ...run, emulatorDate: `2023-01-0${n}T00:00:00.000Z` })
    const replay = diffAgainstHistory(replayed(pool('n3', 3, [step('us-east-1', allowed(), 'seasoned')]), 3), [
      replayed(night1, 1),
      replayed(night2, 2),
    ])
    expect(replay.freshness?.lastFreshByRegion).toEqual({ 'us-east-1': '2023-01-01T00:00:00.000Z' })
  })

  it('does not call a step renamed long ago "vanished" on every run', () => {
    const old = makeRun('r1', day(1), [[LOGS, 'OldName', 'us-east-1', allowed()]])
    const renamed = makeRun('r2', day(2), [[LOGS, 'NewName', 'us-east-1', allowed()]])
    const now = makeRun('r3', day(3), [[LOGS, 'NewName', 'us-east-1', allowed()]])
    expect(diffAgainstHistory(renamed, [old]).summary.vanished).toBe(1)
    expect(diffAgainstHistory(now, [old, renamed]).summary.vanished).toBe(0)
  })
})
