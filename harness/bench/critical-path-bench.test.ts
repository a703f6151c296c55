/** The critical-path bound the bench compares `harness run` with: AWS's opt-in limits and the emulator's durations. */
import { expect, it } from 'vitest'
import { DEFAULT_DURATIONS } from '../emulator/core/state.js'
import { allowed, makeRun } from '../history/run-fixtures.js'
import type { RunRecord } from '../history/types.js'
import { boundOf, criticalPathBound, overheadOf, regionReadyTimes } from './critical-path-bench.js'

const SCALE = 0.01

/** A run whose steps in each region took `ms` (one step each), with the regions it enabled. */
function runWith(regions: Array<[name: string, stepMs: number, enabled: boolean]>): RunRecord {
  const run = makeRun(
    '2026-12-01T00-00-00Z-aaaaaa',
    '2026-12-01T00:00:00.000Z',
    regions.map(([region]) => ['logs/create-tagged-log-group', 'CreateLogGroup', region, allowed()]),
  )
  run.regions = regions.map(([name, , enabled]) => ({ name, enabledDuringRun: enabled }))
  run.results = run.results.map((result, i) => ({
    ...result,
    startedAt: '2026-12-01T00:00:10.000Z',
    finishedAt: new Date(Date.parse('2026-12-01T00:00:10.000Z') + regions[i]![1]).toISOString(),
  }))
  run.trail = { regions: regions.map(([name]) => name), since: run.startedAt, denials: [], problems: [] }
  return run
}

/** `ms` after the fixtures' start, as the call audit writes times. */
const t = (ms: number) => new Date(Date.parse('2026-12-01T00:00:00.000Z') + ms).toISOString()
/** A successful call in the emulator's audit, `ms` after the start. */
const auditCall = (ms: number, operation: string) => ({
  time: t(ms),
  service: 'x',
  operation,
  region: 'us-east-1',
  outcome: 'success',
})

it('enables at most 6 opt-in regions at once, one request per (scaled) second, and waits for them to settle', () => {
  const times = regionReadyTimes(7, DEFAULT_DURATIONS, SCALE)
  // 3.0 s to enable + 0.3 s to settle; requests 10 ms apart; the 7th starts when the 1st is done.
  expect(times.slice(0, 6)).toEqual([3300, 3310, 3320, 3330, 3340, 3350])
  expect(times[6]).toBe(6300)
})

it('bounds one opt-in region by account creation, the slower of role and region, the steps and CloudTrail delivery', () => {
  const parts = criticalPathBound(runWith([['ap-east-1', 150, true]]), DEFAULT_DURATIONS, SCALE)
  expect(parts).toEqual({ createMs: 600, roleMs: 1300, regionsMs: 3300, stepsMs: 150, trailMs: 3000 })
  expect(boundOf(parts)).toBe(7050)
})

it('lets default regions run while opt-in regions are enabled, the busiest opt-in region first', () => {
  const run = runWith([
    ['us-east-1', 2500, false],
    ...Array.from({ length: 7 }, (_, i): [string, number, boolean] => [`opt-${i}`, i === 3 ? 400 : 100, true]),
  ])
  const parts = criticalPathBound(run, DEFAULT_DURATIONS, SCALE)
  // Last ready at 6.3 s (the 7th region) + its 100 ms; us-east-1 done at 1.3 + 2.5 = 3.8 s; the 400 ms region first.
  expect(parts.regionsMs).toBe(6300)
  expect(parts.stepsMs).toBe(100)
})

it('accounts for every millisecond beyond the bound', () => {
  const run = runWith([['ap-east-1', 150, true]])
  const call = (ms: number, operation: string) => auditCall(ms, operation)
  run.results[0] = { ...run.results[0]!, startedAt: t(5_000), finishedAt: t(5_150) }
  const calls = [
    call(1_000, 'CreateAccount'),
    call(1_700, 'DescribeCreateAccountStatus'),
    call(3_200, 'AssumeRole'),
    call(5_000, 'GetRegionOptStatus'),
    call(8_300, 'LookupEvents'),
    call(8_500, 'CloseAccount'),
  ]
  const parts = criticalPathBound(run, DEFAULT_DURATIONS, SCALE)
  const overhead = overheadOf(calls, run, parts, { startedAt: Date.parse(t(0)), endedAt: Date.parse(t(9_000)) })
  expect(overhead.reduce((sum, [, ms]) => sum + ms, 0)).toBe(9_000 - boundOf(parts))
  expect(overhead[0]).toEqual([
    'start-up until CreateAccount (process, input checks incl. loading the scenario files; emulator and target questions alongside)',
    1000,
  ])
})

it('dates the role from the administrator’s first AssumeRole of it, not from the steps’ own later in us-east-1', () => {
  const run = runWith([['us-east-1', 150, false]])
  const admin = 'arn:aws:sts::111122223333:assumed-role/OrganizationAccountAccessRole/harness-admin-x'
  const call = (ms: number, operation: string, principalArn = 'arn:aws:iam::000000000000:root') => ({
    ...auditCall(ms, operation),
    principalArn,
  })
  run.results[0] = { ...run.results[0]!, startedAt: t(2_400), finishedAt: t(2_550) }
  const calls = [
    call(100, 'CreateAccount'),
    call(700, 'DescribeCreateAccountStatus'),
    call(1_900, 'AssumeRole'), // the account's role, by the management account
    call(2_010, 'AssumeRole', admin), // the harness role's probe: ready
    call(2_400, 'AssumeRole', admin), // a step's minimal role, later
    call(5_600, 'LookupEvents'),
    call(5_650, 'CloseAccount'),
  ]
  const parts = criticalPathBound(run, DEFAULT_DURATIONS, SCALE)
  const overhead = new Map(
    overheadOf(calls, run, parts, { startedAt: Date.parse(t(0)), endedAt: Date.parse(t(5_700)) }),
  )
  // Seen ready 1310 ms after creation was seen, against 1300 ms of role: 10 ms late, not 400.
  expect(overhead.get('role and regions seen ready after they were (polls, retries)')).toBe(10)
})
