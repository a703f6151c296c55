import { describe, expect, it } from 'vitest'
import { HarnessError } from '../errors.js'
import { diffRuns } from '../history/diff.js'
import { allowed, deniedBy, failed, makeRun } from '../history/run-fixtures.js'
import type { RunRecord } from '../history/types.js'
import { exitAfterStoreFailure, runVerdict } from './run-verdict.js'

const T0 = '2026-11-01T00:00:00.000Z'
const T1 = '2026-11-02T00:00:00.000Z'
const LOGS = 'logs/create-tagged-log-group'
const baseline = makeRun('b', T0, [
  [LOGS, 'CreateLogGroup', 'us-east-1', allowed()],
  [LOGS, 'CreateLogGroup', 'ap-east-1', allowed()],
])
const run = (specs: Parameters<typeof makeRun>[2], extra: Partial<RunRecord> = {}) => makeRun('c', T1, specs, extra)
const notReady = { name: 'ap-east-1', error: 'EnableRegion did not complete' }

// Given a baseline where the step was allowed in both regions, when the current run ends like this, then:
describe('runVerdict', () => {
  it.each([
    ['no drift', run([[LOGS, 'CreateLogGroup', 'us-east-1', allowed()]]), [], 0],
    ['a regression', run([[LOGS, 'CreateLogGroup', 'us-east-1', deniedBy('logs:CreateLogGroup')]]), [], 1],
    [
      'a regression wins over cleanup problems',
      run([[LOGS, 'CreateLogGroup', 'us-east-1', deniedBy('logs:CreateLogGroup')]]),
      ['x'],
      1,
    ],
    [
      'one region of two not ready: that region has no conclusive step',
      run(
        [
          [LOGS, 'CreateLogGroup', 'us-east-1', allowed()],
          [LOGS, 'CreateLogGroup', 'ap-east-1', failed('region-not-ready', 'RegionNotReady')],
        ],
        { regions: [{ name: 'us-east-1' }, notReady] },
      ),
      [],
      4,
    ],
    [
      'no region ready',
      run([[LOGS, 'CreateLogGroup', 'ap-east-1', failed('region-not-ready', 'RegionNotReady')]], {
        regions: [notReady],
      }),
      [],
      3,
    ],
    ['incomplete cleanup', run([[LOGS, 'CreateLogGroup', 'us-east-1', allowed()]]), ['[us-east-1] logs: x'], 3],
    ['a step errored', run([[LOGS, 'CreateLogGroup', 'us-east-1', failed('error', 'UnknownOperation')]]), [], 4],
  ] as const)('%s → exit %s', (_case, current, problems, code) => {
    const drift = diffRuns(baseline, current, [baseline, current])
    // The cleanup's problems are kept in the run record (run-command.ts), so its reports say the same.
    const recorded = problems.length > 0 ? { ...current, cleanupProblems: [...problems] } : current
    const verdict = runVerdict(drift, recorded)
    expect(verdict.code).toBe(code)
    expect(verdict.message === undefined).toBe(code < 3)
    expect(diffRuns(baseline, recorded, [baseline, recorded]).verdict?.code).toBe(code)
  })

  it('names why a run is an infrastructure failure, and what else it could not check', () => {
    const current = run([[LOGS, 'CreateLogGroup', 'ap-east-1', failed('region-not-ready', 'RegionNotReady')]], {
      regions: [notReady],
      cleanupProblems: ['[ap-east-1] logs: x', 'account: y'],
    })
    expect(runVerdict(diffRuns(baseline, current), current).message).toBe(
      'no region became ready (ap-east-1); cleanup incomplete (2 problems); no conclusive step in ap-east-1; 1 of 1 steps inconclusive (more than 50%); see the lines above.',
    )
  })

  it('names why a run is incomplete', () => {
    const current = run([
      [LOGS, 'CreateLogGroup', 'us-east-1', failed('error', 'UnknownOperation')],
      [LOGS, 'DescribeLogGroups', 'us-east-1', allowed()],
    ])
    const verdict = runVerdict(diffRuns(baseline, current), current)
    expect(verdict.message).toBe(`run incomplete: 1 step errored (${LOGS} / CreateLogGroup @ us-east-1).`)
  })
})

describe('exitAfterStoreFailure', () => {
  const refused = new HarnessError('HISTORY_STORE_FAILED', 'cannot push to the history branch: hook declined')
  it.each([
    [1, 1, 'findings come first'],
    [0, 3, 'its record did not reach the history store'],
    [3, 3, 'its record did not reach the history store'],
    [4, 3, 'its record did not reach the history store'],
  ] as const)('verdict %s → exit %s', (verdict, code, why) => {
    const written: string[] = []
    expect(exitAfterStoreFailure(refused, { code: verdict }, (text) => written.push(text))).toBe(code)
    expect(written).toEqual([
      `harness: cannot push to the history branch: hook declined (exit ${code}: the run's reports are written; ${why})\n`,
    ])
  })

  it.each([
    [
      0,
      130,
      'its record is not in the history store yet: `harness history push`, or the next run that pushes, adds it',
    ],
    [
      4,
      130,
      'its record is not in the history store yet: `harness history push`, or the next run that pushes, adds it',
    ],
    [1, 1, 'findings come first'],
  ] as const)('interrupted (Ctrl-C reached git too), verdict %s → exit %s', (verdict, code, why) => {
    const written: string[] = []
    expect(exitAfterStoreFailure(refused, { code: verdict }, (text) => written.push(text), true)).toBe(code)
    expect(written).toEqual([
      `harness: interrupted while updating the history store (cannot push to the history branch: hook declined) (exit ${code}: the run's reports are written; ${why})\n`,
    ])
  })

  it('rethrows what is not a store failure (a bug, bad input)', () => {
    const bug = new TypeError('x is undefined')
    expect(() => exitAfterStoreFailure(bug, { code: 1 }, () => undefined)).toThrow(bug)
    const usage = new HarnessError('USAGE', 'bad flag')
    expect(() => exitAfterStoreFailure(usage, { code: 0 }, () => undefined)).toThrow(usage)
  })
})
