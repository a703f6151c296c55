import { describe, expect, it } from 'vitest'
import type { Outcome } from '../outcomes/types.js'
import { exitCodeFor } from '../reporters/commands.js'
import { baselineText, sinceText, sinceTime } from '../reporters/format.js'
import { selectStepBaselines } from './baseline.js'
import { classifyChange, diffRuns, openRegressionCounts } from './diff.js'
import { allowed, deniedBy, failed, logsTagOnCreate2022, makeRun, skipped } from './run-fixtures.js'
import { suggestFix } from './suggest-fix.js'
import type { ChangeKind, DriftChange, RunRecord } from './types.js'

const LOGS = 'logs/create-tagged-log-group'
const ECR = 'ecr/create-tagged-repository'
const EC2 = 'ec2/run-tagged-instance'
const REPO_ARN = 'arn:aws:ecr:ca-central-1:210987654321:repository/harness-repo-x1'
const GEN = { generatedAt: '2026-11-22T12:00:00.000Z' }

function change(report: { changes: DriftChange[] }, scenario: string, region: string): DriftChange {
  const found = report.changes.find((c) => c.scenario === scenario && c.region === region)
  if (!found) throw new Error(`no change for ${scenario}@${region}`)
  return found
}

describe('classifyChange', () => {
  const table: Array<[string, Outcome | undefined, Outcome | undefined, ChangeKind]> = [
    ['allowed → allowed', allowed(), allowed(), 'unchanged'],
    ['allowed → allowed (dry run)', allowed(), allowed({ dryRun: true } as Partial<Outcome>), 'unchanged'],
    ['allowed → denied', allowed(), deniedBy('ecr:TagResource'), 'regression'],
    ['denied → allowed', deniedBy('ecr:TagResource'), allowed(), 'relaxation'],
    ['denied A → denied A', deniedBy('ecr:TagResource'), deniedBy('ecr:TagResource'), 'unchanged'],
    ['denied A → denied B', deniedBy('logs:TagLogGroup'), deniedBy('logs:TagResource'), 'changed-denial'],
    ['Logs 2022 → Logs 2023 message', logsTagOnCreate2022(), deniedBy('logs:TagResource'), 'changed-denial'],
    ['allowed → region-not-ready', allowed(), failed('region-not-ready', 'AuthFailure'), 'inconclusive'],
    ['allowed → throttled', allowed(), failed('throttled', 'ThrottlingException'), 'inconclusive'],
    ['allowed → credentials', allowed(), failed('credentials', 'ExpiredTokenException'), 'inconclusive'],
    ['allowed → error', allowed(), failed('error', 'ECONNRESET'), 'inconclusive'],
    ['error → denied', failed('error', 'ECONNRESET'), deniedBy('ecr:TagResource'), 'inconclusive'],
    ['throttled → allowed', failed('throttled', 'Throttling'), allowed(), 'inconclusive'],
    ['allowed → skipped', allowed(), skipped(), 'inconclusive'],
    ['skipped → denied', skipped(), deniedBy('ecr:TagResource'), 'inconclusive'],
    ['skipped → skipped', skipped(), skipped(), 'unchanged'],
    ['missing → allowed', undefined, allowed(), 'new'],
    ['denied → missing', deniedBy('ecr:TagResource'), undefined, 'vanished'],
  ]
  it.each(table)('%s', (_name, from, to, expected) => {
    expect(classifyChange(from, to)).toBe(expected)
  })
})

describe('diffRuns', () => {
  const baseline = makeRun('run-1', '2026-11-01T10:00:00.000Z', [
    [LOGS, 'CreateLogGroup', 'ca-central-1', allowed()],
    [ECR, 'CreateRepository', 'ca-central-1', allowed()],
    [EC2, 'RunInstances', 'ca-central-1', allowed({ dryRun: true } as Partial<Outcome>)],
    [LOGS, 'CreateLogGroup', 'me-south-1', allowed()],
    [LOGS, 'CreateLogGroup', 'eu-west-1', deniedBy('logs:CreateLogGroup')],
    [ECR, 'DeleteRepository', 'ca-central-1', allowed()],
  ])
  const current = makeRun('run-2', '2026-11-02T10:00:00.000Z', [
    [LOGS, 'CreateLogGroup', 'ca-central-1', logsTagOnCreate2022()],
    [ECR, 'CreateRepository', 'ca-central-1', deniedBy('ecr:TagResource', REPO_ARN)],
    [
      EC2,
      'RunInstances',
      'ca-central-1',
      deniedBy('ec2:CreateTags', 'arn:aws:ec2:ca-central-1:210987654321:instance/*'),
    ],
    [LOGS, 'CreateLogGroup', 'me-south-1', failed('region-not-ready', 'UnrecognizedClientException')],
    [LOGS, 'CreateLogGroup', 'eu-west-1', allowed()],
    [LOGS, 'CreateLogGroup', 'ap-east-1', allowed()],
  ])
  const report = diffRuns(baseline, current, [], GEN)

  it('counts what a reader would count', () => {
    expect(report.baselineRunId).toBe('run-1')
    expect(report.currentRunId).toBe('run-2')
    expect(report.summary).toEqual({
      regressions: 3,
      relaxations: 1,
      changedDenials: 0,
      inconclusive: 1,
      new: 1,
      vanished: 1,
      unchanged: 0,
      stillDenied: 0,
      openRegressions: 3,
      openDenials: 0,
      unexpectedAllows: 0,
      predictionMismatches: 0,
    })
  })

  it('names both candidate permissions of the Logs 2022 fix, and grants the first, which suffices', () => {
    const logs = change(report, LOGS, 'ca-central-1')
    expect(logs.change).toBe('regression')
    expect(logs.missingAction).toBe('logs:TagResource')
    expect(logs.candidateActions).toEqual(['logs:TagResource', 'logs:TagLogGroup'])
    expect(logs.suggestedStatement).toEqual({
      Effect: 'Allow',
      Action: ['logs:TagResource'],
      Resource: 'arn:aws:logs:*:*:log-group:*',
    })
    expect(logs.since).toBe('2026-11-02T10:00:00.000Z')
  })

  it('scopes the ECR fix to the denied repository (any region and account), never to every repository', () => {
    const ecr = change(report, ECR, 'ca-central-1')
    expect(ecr).toMatchObject({
      change: 'regression',
      missingAction: 'ecr:TagResource',
      deniedResource: REPO_ARN,
      suggestedStatement: {
        Effect: 'Allow',
        Action: ['ecr:TagResource'],
        Resource: 'arn:aws:ecr:*:*:repository/harness-repo-x1',
      },
    })
  })

  it('grants EC2 tag-on-create on every type RunInstances can tag, under the ec2:CreateAction condition', () => {
    // AWS names only the first type it refuses (instance): a grant on it alone is refused on the volume next.
    const ec2 = change(report, EC2, 'ca-central-1')
    expect(ec2.suggestedStatement).toEqual({
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: [
        'arn:aws:ec2:*:*:instance/*',
        'arn:aws:ec2:*:*:volume/*',
        'arn:aws:ec2:*:*:network-interface/*',
        'arn:aws:ec2:*:*:spot-instances-request/*',
      ],
      Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
    })
    expect(ec2.tagOnCreate).toEqual({
      operation: 'RunInstances',
      resourceTypes: ['instance', 'volume', 'network-interface', 'spot-instances-request'],
    })
  })

  it('scopes EC2 tag-on-create to the call the step recorded, not a step name that is no EC2 API (review)', () => {
    const denied = {
      action: 'ec2:CreateTags',
      resource: 'arn:aws:ec2:ca-central-1:210987654321:instance/*',
      call: 'ec2:RunInstances',
    }
    const fix = suggestFix(denied, 'LaunchTaggedInstance')
    expect(fix.suggestedStatement?.Condition).toEqual({ StringEquals: { 'ec2:CreateAction': 'RunInstances' } })
  })

  it('never counts a region that is not ready as drift', () => {
    const me = change(report, LOGS, 'me-south-1')
    expect(me.change).toBe('inconclusive')
    expect(me.inconclusiveReason).toBe('region-not-ready in current run')
    expect(me.suggestedStatement).toBeUndefined()
  })

  it('lists relaxations, new and vanished keys', () => {
    expect(change(report, LOGS, 'eu-west-1').change).toBe('relaxation')
    expect(change(report, LOGS, 'ap-east-1').change).toBe('new')
    const vanished = report.changes.find((c) => c.step === 'DeleteRepository')
    expect(vanished).toMatchObject({ change: 'vanished', region: 'ca-central-1' })
    expect(vanished?.to).toBeUndefined()
  })

  it('orders regressions first within each region', () => {
    const ca = report.changes.filter((c) => c.region === 'ca-central-1').map((c) => c.change)
    expect(ca).toEqual(['regression', 'regression', 'regression', 'vanished'])
  })

  it('does not call steps of regions or scenarios this run did not ask for vanished', () => {
    const apOnly = makeRun('run-3', '2026-11-03T10:00:00.000Z', [[LOGS, 'CreateLogGroup', 'ap-east-1', allowed()]])
    const full = makeRun('run-2b', '2026-11-02T10:00:00.000Z', [
      [LOGS, 'CreateLogGroup', 'ap-east-1', allowed()],
      [LOGS, 'DeleteLogGroup', 'ap-east-1', allowed()],
      [LOGS, 'CreateLogGroup', 'ca-central-1', allowed()],
      [ECR, 'CreateRepository', 'ap-east-1', allowed()],
    ])
    const scoped = diffRuns(full, apOnly, [], GEN)
    expect(scoped.changes.map((c) => `${c.change} ${c.scenario}/${c.step}@${c.region}`)).toEqual([
      `vanished ${LOGS}/DeleteLogGroup@ap-east-1`,
      `unchanged ${LOGS}/CreateLogGroup@ap-east-1`,
    ])
  })

  it('a region the run has no result for because it failed (a shard that never reported) is inconclusive, not vanished', () => {
    const before = makeRun('run-2c', '2026-11-02T10:00:00.000Z', [
      [LOGS, 'CreateLogGroup', 'us-east-1', allowed()],
      [LOGS, 'CreateLogGroup', 'ca-central-1', allowed()],
    ])
    const merged = makeRun('run-3c', '2026-11-03T10:00:00.000Z', [[LOGS, 'CreateLogGroup', 'us-east-1', allowed()]])
    merged.regions.push({ name: 'ca-central-1', error: 'shard 2/2 did not report: no run record' })
    const ca = diffRuns(before, merged, [], GEN).changes.find((c) => c.region === 'ca-central-1')
    expect(ca).toMatchObject({
      change: 'inconclusive',
      inconclusiveReason: 'no result in current run: shard 2/2 did not report: no run record',
    })
  })

  it('first run: no baseline, every key is new', () => {
    const first = diffRuns(null, current, [], GEN)
    // Denied steps with no baseline are open denials: a first run with a broken policy is not a pass.
    expect(first.baselineRunId).toBeNull()
    const denied = current.results.filter((r) => r.outcome.kind === 'denied').length
    expect(first.changes.filter((c) => c.change === 'open-denial')).toHaveLength(denied)
    expect(first.changes.every((c) => c.change === (c.to?.kind === 'denied' ? 'open-denial' : 'new'))).toBe(true)
    expect(first.summary.regressions).toBe(0)
    expect(first.summary.new).toBe(current.results.length - denied)
    expect(first.verdict?.code).toBe(1)
  })
})

describe('since, across many runs', () => {
  const key = (outcome: Outcome, region = 'ca-central-1') => [ECR, 'CreateRepository', region, outcome] as const
  const runs: RunRecord[] = [
    makeRun('r1', '2026-11-01T00:00:00.000Z', [[...key(allowed())]]),
    makeRun('r2', '2026-11-02T00:00:00.000Z', [[...key(allowed())]]),
    makeRun('r3', '2026-11-03T00:00:00.000Z', [[...key(deniedBy('ecr:TagResource'))]]),
    makeRun('r4', '2026-11-04T00:00:00.000Z', [[...key(failed('throttled', 'ThrottlingException'))]]),
    makeRun('r5', '2026-11-05T00:00:00.000Z', [[...key(deniedBy('ecr:TagResource'))]]),
  ]
  const [r1, r2, r3, r4, r5] = runs as [RunRecord, RunRecord, RunRecord, RunRecord, RunRecord]

  it('dates a regression from the first denied run after the last allowed one, skipping inconclusive runs', () => {
    const report = diffRuns(r2, r5, runs, GEN)
    expect(report.changes[0]).toMatchObject({ change: 'regression', since: r3.startedAt })
  })

  it('a persisting denial is unchanged against the previous run, but still says since when', () => {
    const report = diffRuns(r3, r5, runs, GEN)
    expect(report.changes[0]).toMatchObject({ change: 'unchanged', stillDenied: true, since: r3.startedAt })
  })

  it('keeps failing (exit 1) while a regression is still denied, and passes once it is allowed again', () => {
    expect(exitCodeFor(diffRuns(r3, r5, runs, GEN))).toBe(1)
    const fixed = makeRun('r6', '2026-11-06T00:00:00.000Z', [[...key(allowed())]])
    expect(exitCodeFor(diffRuns(r5, fixed, [...runs, fixed], GEN))).toBe(0)
  })

  it('a regression the declared policy now grants, on a night that could not see it, says the fix is in, not "add it" (QA)', () => {
    const policy = (...actions: string[]) => ({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Ecr', Effect: 'Allow', Action: actions, Resource: 'arn:aws:ecr:*:*:repository/*' }],
    })
    const throttled = (id: string, grants: string[]) =>
      makeRun(id, '2026-11-06T00:00:00.000Z', [[...key(failed('throttled', 'ThrottlingException'))]], {
        policy: policy(...grants),
      })
    const fixedIn = throttled('r6', ['ecr:CreateRepository', 'ecr:TagResource'])
    const open = diffRuns(r5, fixedIn, [...runs, fixedIn], GEN).changes[0]
    expect(open).toMatchObject({ stillDenied: true, grantedNow: true, missingAction: 'ecr:TagResource' })
    // Still open (exit 1) until a fresh account allows it; the reports say the fix is in (reporters' tests).
    expect(exitCodeFor(diffRuns(r5, fixedIn, [...runs, fixedIn], GEN))).toBe(1)
    const notYet = throttled('r6', ['ecr:CreateRepository'])
    expect(diffRuns(r5, notYet, [...runs, notYet], GEN).changes[0]?.grantedNow).toBeUndefined()
    // Review: not when the denied run's policy granted it already (nothing changed: something else denies it) …
    const deniedUnderGrant = { ...r5, policy: policy('ecr:CreateRepository', 'ecr:TagResource') }
    const history = [r1, r2, r3, r4, deniedUnderGrant, fixedIn]
    expect(diffRuns(deniedUnderGrant, fixedIn, history, GEN).changes[0]?.grantedNow).toBeUndefined()
    // … nor for a guardrail's denial (an SCP), which no edit of the declared policy fixes.
    const scp = deniedBy('ecr:TagResource')
    if (scp.kind === 'denied') scp.denied = { ...scp.denied, policyType: 'service control' }
    const scpDenied = makeRun('r5', '2026-11-05T00:00:00.000Z', [[...key(scp)]])
    const scpHistory = [r1, r2, r3, r4, scpDenied, fixedIn]
    expect(diffRuns(scpDenied, fixedIn, scpHistory, GEN).changes[0]?.grantedNow).toBeUndefined()
  })

  it('a denial that was never allowed is no regression, but an open denial that keeps the run failing', () => {
    const alwaysDenied = [r3, r5].map((r) => ({ ...r, runId: `${r.runId}-x` }))
    const report = diffRuns(alwaysDenied[0]!, alwaysDenied[1]!, alwaysDenied, GEN)
    expect(exitCodeFor(report)).toBe(1)
    expect(report.summary).toMatchObject({ regressions: 0, stillDenied: 0, openRegressions: 0, openDenials: 1 })
  })

  // Given run 1 allowed, run 2 denied, run 3 still denied, run 4 allowed again,
  // when each run is diffed against the one before it, then the summary counts what the exit code follows.
  const fixed = makeRun('r6', '2026-11-06T00:00:00.000Z', [[...key(allowed())]])
  it.each([
    ['regression (r2 → r3)', r2, r3, { regressions: 1, stillDenied: 0, openRegressions: 1, relaxations: 0 }, 1],
    ['still denied (r3 → r5)', r3, r5, { regressions: 0, stillDenied: 1, openRegressions: 1, relaxations: 0 }, 1],
    ['allowed again (r5 → r6)', r5, fixed, { regressions: 0, stillDenied: 0, openRegressions: 0, relaxations: 1 }, 0],
  ] as const)('summary of %s', (_name, baseline, current, summary, exit) => {
    const report = diffRuns(baseline, current, [...runs, fixed], GEN)
    expect(report.summary).toMatchObject(summary)
    expect(openRegressionCounts(report).open).toBe(summary.openRegressions)
    expect(exitCodeFor(report)).toBe(exit)
  })

  it('counts still-denied changes for a summary written before the counts existed', () => {
    const { stillDenied: _s, openRegressions: _o, ...older } = diffRuns(r3, r5, runs, GEN).summary
    const report = { summary: older, changes: diffRuns(r3, r5, runs, GEN).changes }
    expect(openRegressionCounts(report)).toEqual({ open: 1, regressions: 0, stillDenied: 1 })
    expect(exitCodeFor({ ...diffRuns(r3, r5, runs, GEN), summary: older })).toBe(1)
  })

  it('without history, a regression dates from the current run', () => {
    expect(diffRuns(r1, r3, [], GEN).changes[0]?.since).toBe(r3.startedAt)
  })

  it('a relaxation dates from the first allowed run', () => {
    const r6 = makeRun('r6', '2026-11-06T00:00:00.000Z', [[...key(allowed())]])
    const r7 = makeRun('r7', '2026-11-07T00:00:00.000Z', [[...key(allowed())]])
    const report = diffRuns(r5, r7, [...runs, r6, r7], GEN)
    expect(report.changes[0]).toMatchObject({ change: 'relaxation', since: r6.startedAt })
  })

  it('ignores runs of another target and runs after the current one', () => {
    const aws = makeRun('aws-1', '2026-11-02T12:00:00.000Z', [[...key(deniedBy('ecr:TagResource'))]], {
      target: 'aws',
    })
    const later = makeRun('r9', '2026-11-09T00:00:00.000Z', [[...key(deniedBy('ecr:TagResource'))]])
    const report = diffRuns(r2, r3, [r1, r2, aws, r3, r4, later], GEN)
    expect(report.changes[0]?.since).toBe(r3.startedAt)
  })

  it("each step's baseline is its latest conclusive outcome among comparable runs", () => {
    const otherTarget = makeRun('aws-2', '2026-11-04T12:00:00.000Z', [[...key(allowed())]], { target: 'aws' })
    const otherEndpoint = makeRun('e-2', '2026-11-04T12:30:00.000Z', [[...key(allowed())]], { endpoint: 'http://x' })
    const reused = makeRun('old-acct', '2026-11-04T12:40:00.000Z', [[...key(allowed())]], {
      account: { id: '1', createdAt: '2020-01-01T00:00:00.000Z', fresh: false },
    })
    const disjoint = makeRun('r4b', '2026-11-04T13:00:00.000Z', [[...key(allowed(), 'ap-east-1')]])
    const all = [...runs, otherTarget, otherEndpoint, reused, disjoint]
    // r4 was throttled: never a baseline; r3 (denied) is the latest conclusive one for ca-central-1.
    const { baselines } = selectStepBaselines(r5, all)
    expect([...baselines.values()].map((b) => `${b.result.region} ${b.run.runId}`).sort()).toEqual([
      'ap-east-1 r4b',
      'ca-central-1 r3',
    ])
    expect(selectStepBaselines(r1, all).baselines.size).toBe(0)
  })
})

describe('since, on a replay of an emulated date', () => {
  it('keeps the run that began the streak and its emulated date, which the reports lead with', () => {
    const replay = (runId: string, startedAt: string, emulatorDate: string, outcome: Outcome) =>
      makeRun(runId, startedAt, [[ECR, 'CreateRepository', 'ca-central-1', outcome]], { emulatorDate })
    const allowedRun = replay('r1', '2026-12-07T10:00:00.000Z', '2022-10-01T00:00:00.000Z', allowed())
    const deniedRun = replay('r2', '2026-12-07T10:05:00.000Z', '2023-02-01T00:00:00.000Z', deniedBy('ecr:TagResource'))
    const still = replay('r3', '2026-12-07T10:10:00.000Z', '2023-03-01T00:00:00.000Z', deniedBy('ecr:TagResource'))
    const report = diffRuns(deniedRun, still, [allowedRun, deniedRun, still])
    expect(change(report, ECR, 'ca-central-1')).toMatchObject({
      stillDenied: true,
      since: '2026-12-07T10:05:00.000Z',
      sinceEmulatorDate: '2023-02-01T00:00:00.000Z',
    })
    // The emulated day leads: on a replay that is when the denial began.
    expect(sinceText(change(report, ECR, 'ca-central-1'), still.startedAt)).toBe(
      '2023-02-01, emulated (first seen in the run started 2026-12-07 10:05:00 UTC)',
    )
    expect(sinceText(change(report, ECR, 'ca-central-1'), deniedRun.startedAt)).toBe(
      '2023-02-01, emulated (first seen in this run, started 2026-12-07 10:05:00 UTC)',
    )
    expect(sinceTime(change(report, ECR, 'ca-central-1'))).toBe('2023-02-01, emulated')
    // The baseline run is dated the same way.
    expect(baselineText(change(report, ECR, 'ca-central-1'))).toBe(
      'run r2 (emulated 2023-02-01; started 2026-12-07 10:05:00 UTC)',
    )
  })
})

describe('since, for a denial that was never allowed (QA)', () => {
  it('dates an open denial from the first run that saw it', () => {
    const denied = (runId: string, startedAt: string) =>
      makeRun(runId, startedAt, [[ECR, 'CreateRepository', 'ca-central-1', deniedBy('ecr:TagResource')]])
    const first = denied('r1', '2026-12-01T10:00:00.000Z')
    expect(change(diffRuns(null, first, [first]), ECR, 'ca-central-1')).toMatchObject({
      change: 'open-denial',
      since: first.startedAt,
    })
    const second = denied('r2', '2026-12-02T10:00:00.000Z')
    expect(change(diffRuns(first, second, [first, second]), ECR, 'ca-central-1')).toMatchObject({
      change: 'open-denial',
      since: first.startedAt,
    })
  })
})
