/** The exit-code contract (history/verdict.ts), table-driven over what a run recorded. */
import { describe, expect, it } from 'vitest'
import { diffRuns } from './diff.js'
import { allowed, deniedBy, failed, makeRun, type ResultSpec } from './run-fixtures.js'
import type { RunRecord, StepResult } from './types.js'

const T0 = '2026-11-01T00:00:00.000Z'
const T1 = '2026-11-02T00:00:00.000Z'
const S = 'sc/a'
const baseline = makeRun('b', T0, [
  [S, 'One', 'us-east-1', allowed()],
  [S, 'Two', 'us-east-1', allowed()],
  [S, 'Three', 'us-east-1', allowed()],
])
const ok = (step: string): ResultSpec => [S, step, 'us-east-1', allowed()]

describe('judgeRun', () => {
  it.each([
    ['everything allowed as before', [ok('One'), ok('Two'), ok('Three')], {}, 0, []],
    [
      'one step throttled of three',
      [ok('One'), ok('Two'), [S, 'Three', 'us-east-1', failed('throttled', 'ThrottlingException')]],
      {},
      0,
      [],
    ],
    [
      'two of three throttled: more than half inconclusive',
      [
        ok('One'),
        [S, 'Two', 'us-east-1', failed('throttled', 'ThrottlingException')],
        [S, 'Three', 'us-east-1', failed('throttled', 'ThrottlingException')],
      ],
      {},
      4,
      ['2 of 3 steps inconclusive (more than 50%)'],
    ],
    [
      'a step errored',
      [ok('One'), ok('Two'), [S, 'Three', 'us-east-1', failed('error', 'UnknownOperationException')]],
      {},
      4,
      ['1 step errored (sc/a / Three @ us-east-1)'],
    ],
    [
      'a scenario recorded no step',
      [ok('One')],
      { scenarios: [S, 'sc/empty'] },
      4,
      ['1 scenario recorded no step (sc/empty @ us-east-1)'],
    ],
    [
      'a new step denied: open denial',
      [ok('One'), ok('Two'), ok('Three'), [S, 'Four', 'us-east-1', deniedBy('s3:PutObject')]],
      {},
      1,
      ['1 open denial (denied, never allowed before)'],
    ],
  ] as const)('%s → exit %s', (_name, specs, extra, code, reasons) => {
    const current = makeRun('c', T1, specs.map((s) => [...s]) as ResultSpec[], extra as Partial<RunRecord>)
    const report = diffRuns(baseline, current, [baseline, current])
    expect(report.verdict).toEqual({ code, reasons })
  })

  it("an allowed step the scenario declares `expect: 'denied'` is a finding; denied there is a pass", () => {
    const mustBeDenied = (outcome: StepResult['outcome']) =>
      makeRun('c', T1, [ok('One'), [S, 'Guard', 'us-east-1', outcome]])
    for (const [outcome, code, change] of [
      [allowed(), 1, 'unexpected-allow'],
      [deniedBy('iam:CreateUser'), 0, 'expected-denial'],
    ] as const) {
      const current = mustBeDenied(outcome)
      current.results[1]!.expect = 'denied'
      const report = diffRuns(baseline, current, [baseline, current])
      expect(report.verdict?.code).toBe(code)
      expect(report.changes.find((c) => c.step === 'Guard')?.change).toBe(change)
    }
  })
})

describe('prediction vs actual', () => {
  it('flags a conclusive outcome the documented rules did not predict, even on a first run, without changing the exit code', () => {
    const current = makeRun('c', T1, [ok('One'), ok('Two')])
    current.results[0]!.prediction = { outcome: 'denied', missing: ['logs:TagResource|logs:TagLogGroup'] }
    current.results[1]!.prediction = { outcome: 'allowed', missing: [] }
    const report = diffRuns(null, current, [current])
    expect(report.summary.predictionMismatches).toBe(1)
    expect(report.changes.find((c) => c.step === 'One')?.predictionMismatch).toEqual({
      predicted: 'denied',
      missing: ['logs:TagResource|logs:TagLogGroup'],
    })
    expect(report.verdict?.code).toBe(0)
  })

  it('is no disagreement when the denied permission is one the policy grants only on some resources (its own scope may deny it)', () => {
    const current = makeRun('c', T1, [
      [S, 'Scoped', 'us-east-1', deniedBy('ecr:DescribeRepositories')],
      [S, 'Missing', 'us-east-1', deniedBy('logs:TagLogGroup')],
    ])
    current.results[0]!.prediction = { outcome: 'allowed', missing: [], scoped: ['ecr:DescribeRepositories'] }
    // 2022: the scoped grant is CreateLogGroup's, the denial names a permission the policy never grants.
    current.results[1]!.prediction = {
      outcome: 'allowed',
      missing: [],
      scoped: ['logs:CreateLogGroup', 'logs:TagResource'],
    }
    // The 2022 Logs wording names candidates instead of one action: one of them granted only on some resources.
    const candidates = deniedBy('logs:TagResource')
    if (candidates.kind === 'denied')
      candidates.denied = { reason: 'tag-on-create', actionCandidates: ['logs:TagResource', 'logs:TagLogGroup'] }
    current.results.push({ ...current.results[1]!, step: 'Candidates', outcome: candidates })
    current.results[2]!.prediction = {
      outcome: 'allowed',
      missing: [],
      scoped: ['logs:CreateLogGroup', 'logs:TagResource'],
    }
    const report = diffRuns(null, current, [current])
    const mismatch = (step: string) => report.changes.find((c) => c.step === step)?.predictionMismatch
    expect(mismatch('Scoped')).toBeUndefined()
    expect(mismatch('Candidates')).toBeUndefined()
    expect(report.summary.predictionMismatches).toBe(1)
    expect(mismatch('Missing')).toEqual({ predicted: 'allowed', missing: [] })
  })
})
