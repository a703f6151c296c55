/**
 * A night's run that did not run every step (`--scenario`, `--region`) keeps a denial it did not re-run
 * open (QA: a `--scenario ec2/*` night turned green and closed the drift issue while two regressions were
 * open). Given a history where two steps regressed, when a partial run comes next, then:
 */
import { describe, expect, it } from 'vitest'
import { fingerprint, openFindings, planIssue } from '../issue/drift-issue.js'
import { inconclusiveText } from '../reporters/format.js'
import { selectStepBaselines } from './baseline.js'
import { diffSteps } from './diff.js'
import { needsPatch } from './policy-patch.js'
import { allowed, deniedBy, failed, makeRun } from './run-fixtures.js'
import type { RunRecord } from './types.js'

const LOGS = 'logs/create-tagged-log-group'
const ECR = 'ecr/create-tagged-repository'
const EC2 = 'ec2/run-tagged-instance'
const full = (runId: string, startedAt: string, logs: ReturnType<typeof allowed>, region = 'ca-central-1') =>
  makeRun(runId, startedAt, [
    [LOGS, 'CreateLogGroup', region, logs],
    [ECR, 'CreateRepository', region, allowed()],
    [EC2, 'RunInstances', region, allowed()],
  ])
const night1 = full('n1', '2026-11-01T00:00:00.000Z', allowed())
const night2 = full('n2', '2026-11-02T00:00:00.000Z', deniedBy('logs:TagResource'))
const history = [night1, night2]

function report(current: RunRecord, carryOpenFindings = true) {
  const { baselines, comparable } = selectStepBaselines(current, history)
  return diffSteps(baselines, current, comparable, { carryOpenFindings })
}

const ec2Only = (extra: Partial<RunRecord> = {}) =>
  makeRun('n3', '2026-11-03T00:00:00.000Z', [[EC2, 'RunInstances', 'ca-central-1', allowed()]], {
    suiteScenarios: [LOGS, ECR, EC2],
    ...extra,
  })

describe('a partial night after a regression', () => {
  it('a --scenario night keeps the regression it did not run open: exit 1, "not run by this run"', () => {
    const drift = report(ec2Only())
    const logs = drift.changes.find((change) => change.scenario === LOGS)
    expect(logs).toMatchObject({
      change: 'inconclusive',
      stillDenied: true,
      since: night2.startedAt,
      inconclusiveReason: expect.stringContaining('not run by this run'),
    })
    // The fix is still named: the last denial's.
    expect(logs?.suggestedStatement).toBeDefined()
    expect(drift.verdict).toMatchObject({ code: 1, reasons: ['1 open regression'] })
    // The summary's inconclusive count says that this one is counted (QA: "never counted as drift").
    expect(inconclusiveText(drift)).toBe(
      '1 inconclusive (1 of them still denied since an earlier run, counted as open; the rest never counted as drift)',
    )
    // A step allowed when last run is not carried.
    expect(drift.changes.some((change) => change.scenario === ECR)).toBe(false)
  })

  it('keeps the drift issue open, with the same fingerprint as the night that found it', () => {
    const found = report(full('n3', '2026-11-03T00:00:00.000Z', deniedBy('logs:TagResource')))
    const opened = planIssue(found, undefined)
    expect(opened.action).toBe('open')
    const partial = report(ec2Only())
    expect(openFindings(partial)).toHaveLength(1)
    expect(planIssue(partial, { number: 7, state: 'open', body: opened.body ?? '' })).toMatchObject({
      action: 'none',
      fingerprint: opened.fingerprint,
    })
  })

  it('a denial never allowed in a region that did not report tonight stays open with its fix named (QA: merge)', () => {
    const first = makeRun('w1', '2026-11-01T00:00:00.000Z', [
      [ECR, 'CreateRepository', 'us-west-2', deniedBy('ecr:TagResource')],
    ])
    // A merged night whose shard for us-west-2 never reported: the region is listed with why.
    const merged = makeRun('w2', '2026-11-02T00:00:00.000Z', [[ECR, 'CreateRepository', 'ca-central-1', allowed()]], {
      regions: [{ name: 'ca-central-1' }, { name: 'us-west-2', error: 'shard 2/2 did not report' }],
    })
    const { baselines, comparable } = selectStepBaselines(merged, [first])
    const change = diffSteps(baselines, merged, comparable, { carryOpenFindings: true }).changes.find(
      (c) => c.region === 'us-west-2',
    )
    expect(change).toMatchObject({ change: 'open-denial', missingAction: 'ecr:TagResource' })
    // Its fix goes into the dashboard's patch, and the drift issue keeps the fingerprint of the night that found it.
    expect(needsPatch(change!)).toBe(true)
    const found = diffSteps(new Map(), first, [], { carryOpenFindings: true })
    expect(fingerprint(openFindings({ changes: [change!] }))).toBe(fingerprint(openFindings(found)))
  })

  it('a --region night is judged on its regions: a region dropped from the nightly must not keep it red for good', () => {
    const usWest = makeRun('n3', '2026-11-03T00:00:00.000Z', [
      [LOGS, 'CreateLogGroup', 'us-west-2', allowed()],
      [ECR, 'CreateRepository', 'us-west-2', allowed()],
      [EC2, 'RunInstances', 'us-west-2', allowed()],
    ])
    const drift = report(usWest)
    expect(drift.changes.some((c) => c.region === 'ca-central-1')).toBe(false)
    expect(drift.verdict?.code).toBe(0)
  })

  it('a scenario that crashed before the regressed step (a "(scenario)" error) leaves it open, not vanished', () => {
    const crashed = makeRun('n3', '2026-11-03T00:00:00.000Z', [
      [LOGS, '(scenario)', 'ca-central-1', failed('error', 'Error')],
      [ECR, 'CreateRepository', 'ca-central-1', allowed()],
      [EC2, 'RunInstances', 'ca-central-1', allowed()],
    ])
    const drift = report(crashed, false)
    expect(drift.changes.find((c) => c.step === 'CreateLogGroup')).toMatchObject({
      change: 'inconclusive',
      stillDenied: true,
      inconclusiveReason: expect.stringContaining('not reached'),
    })
    expect(drift.verdict?.code).toBe(1)
  })

  it('drops the steps of a scenario no longer in the scenario files', () => {
    const drift = report(ec2Only({ suiteScenarios: [ECR, EC2] }))
    expect(drift.changes.map((change) => change.scenario)).toEqual([EC2])
    expect(drift.verdict?.code).toBe(0)
  })

  it('a release check or one shard of a night (carryOpenFindings off) is judged on what it ran', () => {
    const drift = report(ec2Only(), false)
    expect(drift.changes.map((change) => change.scenario)).toEqual([EC2])
    expect(drift.verdict?.code).toBe(0)
  })

  it('once the step runs again and is allowed, nothing is carried: the night is green', () => {
    const fixed = full('n3', '2026-11-03T00:00:00.000Z', allowed())
    expect(report(fixed).verdict?.code).toBe(0)
  })
})
