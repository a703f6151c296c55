/** step() records outcomes as data and never throws; dependencies, skips and interrupts are recorded. */
import { describe, expect, it } from 'vitest'
import type { StepResult } from '../history/types.js'
import { classifyThrown } from '../outcomes/classify.js'
import { createScenarioContext, type RegionRun } from './scenario-context.js'
import type { CleanupFn } from './types.js'

function regionRun(overrides: Partial<RegionRun> = {}): RegionRun & { steps: StepResult[]; cleanups: CleanupFn[] } {
  const steps: StepResult[] = []
  const cleanups: CleanupFn[] = []
  return {
    runId: '2026-01-01T00-00-00Z-abc123',
    nameToken: 'abc123',
    region: 'ap-east-1',
    accountId: '123456789012',
    tags: { 'harness:run-id': 'r1' },
    launch: false,
    facts: {},
    minimal: () => {
      throw new Error('no clients in this test')
    },
    classify: classifyThrown,
    signal: new AbortController().signal,
    onStep: (result) => steps.push(result),
    onCleanup: (_region, _scenario, fn) => {
      cleanups.push(fn)
      return () => undefined
    },
    steps,
    cleanups,
    ...overrides,
  }
}

/** An error shaped the way the AWS SDK raises a modeled exception. */
function awsError(name: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode, requestId: 'req-1' },
  })
}

describe('createScenarioContext', () => {
  it('records an allowed step with its value and a denied step as data', async () => {
    const run = regionRun()
    const { context, results } = createScenarioContext('logs/x', run)
    const ok = await context.step('First', async () => 42)
    const denied = await context.step('Second', async () => {
      throw awsError(
        'AccessDeniedException',
        'User: arn:aws:sts::123456789012:assumed-role/r/s is not authorized to perform: ecr:TagResource on resource: arn:aws:ecr:ap-east-1:123456789012:repository/x because no identity-based policy allows the ecr:TagResource action',
        400,
      )
    })
    expect(ok).toMatchObject({ ok: true, value: 42, outcome: { kind: 'allowed' } })
    expect(denied).toMatchObject({
      ok: false,
      outcome: { kind: 'denied', errorName: 'AccessDeniedException', denied: { action: 'ecr:TagResource' } },
    })
    expect(results.map((r) => [r.scenario, r.step, r.region, r.outcome.kind])).toEqual([
      ['logs/x', 'First', 'ap-east-1', 'allowed'],
      ['logs/x', 'Second', 'ap-east-1', 'denied'],
    ])
    expect(run.steps).toEqual(results)
  })

  it('treats an EC2 DryRunOperation as allowed (dry run)', async () => {
    const { context } = createScenarioContext('ec2/x', regionRun())
    const report = await context.step('RunInstances', async () => {
      throw awsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412)
    })
    expect(report).toMatchObject({ ok: true, outcome: { kind: 'allowed', dryRun: true } })
  })

  it('skips a step whose dependency was not allowed, without calling it', async () => {
    const { context, results } = createScenarioContext('ec2/x', regionRun())
    await context.step('RunInstances', async () => {
      throw awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403)
    })
    let called = false
    const report = await context.step('TerminateInstances', async () => (called = true), { dependsOn: 'RunInstances' })
    expect(called).toBe(false)
    expect(report.outcome).toEqual({ kind: 'skipped', reason: 'depends on step RunInstances (denied)', durationMs: 0 })
    expect(results).toHaveLength(2)
  })

  it('skips a step whose dependency a branch did not reach, as "did not run" (not a typo: no step is named alike)', async () => {
    const { context, results, refused } = createScenarioContext('ec2/x', regionRun())
    await context.step('DescribeImages', async () => 'ok')
    let called = false
    const report = await context.step('TerminateInstances', async () => (called = true), { dependsOn: 'RunInstances' })
    expect(called).toBe(false)
    expect(report.outcome).toEqual({
      kind: 'skipped',
      reason: 'depends on step RunInstances, which did not run',
      durationMs: 0,
    })
    expect(results).toHaveLength(2)
    expect(refused()).toBeUndefined()
  })

  it('starts no new call after an interrupt', async () => {
    const controller = new AbortController()
    const { context } = createScenarioContext('x/y', regionRun({ signal: controller.signal }))
    controller.abort()
    let called = false
    const report = await context.step('Anything', async () => (called = true))
    expect(called).toBe(false)
    expect(report.outcome).toMatchObject({ kind: 'skipped', reason: 'interrupted' })
  })

  it('records a step that never settles as a StepTimeout error and goes on', async () => {
    // Given a step whose promise never settles
    const run = regionRun({ stepTimeoutMs: 50 })
    const { context } = createScenarioContext('logs/x', run)
    // When it runs, Then it is an error after the timeout, and the next step still runs
    const hung = await context.step('Forever', () => new Promise<never>(() => undefined))
    expect(hung.outcome).toMatchObject({ kind: 'error', errorName: 'StepTimeout' })
    expect((await context.step('Next', async () => 'ok')).ok).toBe(true)
    expect(run.steps.map((s) => s.outcome.kind)).toEqual(['error', 'allowed'])
  })

  it('gives unique lowercase names, the run tags in both shapes, and registers cleanups', () => {
    const run = regionRun()
    const { context } = createScenarioContext('x/y', run)
    expect([context.uniqueName('Harness-LG'), context.uniqueName('harness-lg')]).toEqual([
      'harness-lg-abc123-1',
      'harness-lg-abc123-2',
    ])
    expect(context.tags).toEqual({ 'harness:run-id': 'r1' })
    expect(context.tagList).toEqual([{ Key: 'harness:run-id', Value: 'r1' }])
    context.onCleanup(() => undefined)
    expect(run.cleanups).toHaveLength(1)
  })
})

describe('re-probing denials (real AWS)', () => {
  const denial = () =>
    awsError(
      'AccessDeniedException',
      'User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: logs:CreateLogGroup',
      400,
    )

  it('records the second look when the first denial was propagation', async () => {
    let calls = 0
    const { context } = createScenarioContext('x/y', regionRun({ reprobeDenialAfterMs: 1 }))
    const report = await context.step('Create', async () => {
      calls++
      if (calls === 1) throw denial()
      return 'created'
    })
    expect(calls).toBe(2)
    expect(report).toMatchObject({ ok: true, value: 'created', outcome: { kind: 'allowed' } })
  })

  it('records a denial that persists, and never re-probes without the option', async () => {
    let calls = 0
    const persistent = createScenarioContext('x/y', regionRun({ reprobeDenialAfterMs: 1 })).context
    const alwaysDenied = async () => {
      calls++
      throw denial()
    }
    expect((await persistent.step('Create', alwaysDenied)).outcome.kind).toBe('denied')
    expect(calls).toBe(2)
    calls = 0
    const local = createScenarioContext('x/y', regionRun()).context
    await local.step('Create', alwaysDenied)
    expect(calls).toBe(1)
  })

  it('probes a denial of a step allowed in its baseline after each wait, and records every probe', async () => {
    let calls = 0
    const denialProbes = { waitsMs: [1, 1, 1], steps: new Set(['x/y\u0000Create\u0000ap-east-1']) }
    const { context, results } = createScenarioContext('x/y', regionRun({ denialProbes }))
    const clearsOnThirdCall = async () => {
      if (++calls < 3) throw denial()
      return 'created'
    }
    expect(await context.step('Create', clearsOnThirdCall)).toMatchObject({ ok: true, value: 'created' })
    expect(results[0]).toMatchObject({ transientDenial: true, outcome: { kind: 'allowed' } })
    expect(results[0]?.probes?.map((p) => p.outcome.kind)).toEqual(['denied', 'allowed'])

    // A denial that persists through every probe stays a denial, with all three probes on record.
    calls = -10
    const persistent = createScenarioContext('x/y', regionRun({ denialProbes }))
    await persistent.context.step('Create', clearsOnThirdCall)
    expect(persistent.results[0]).toMatchObject({ outcome: { kind: 'denied' } })
    expect(persistent.results[0]?.transientDenial).toBeUndefined()
    expect(persistent.results[0]?.probes).toHaveLength(3)

    // Steps with no allowed baseline, and steps that must be denied, are not probed.
    calls = -10
    const unprobed = createScenarioContext('x/y', regionRun({ denialProbes }))
    await unprobed.context.step('Other', clearsOnThirdCall)
    await unprobed.context.step('Create', clearsOnThirdCall, { expect: 'denied' })
    expect(unprobed.results.map((r) => r.probes)).toEqual([undefined, undefined])
    expect(unprobed.results[1]?.expect).toBe('denied')
  })

  it('gives each probe fresh names when the step names its resource inside its function', async () => {
    const denialProbes = { waitsMs: [1, 1], steps: new Set(['x/y\u0000Create\u0000ap-east-1']) }
    const { context } = createScenarioContext('x/y', regionRun({ denialProbes }))
    const names: string[] = []
    await context.step('Create', async () => {
      names.push(context.uniqueName('lg'))
      throw denial()
    })
    expect(names).toEqual(['lg-abc123-1', 'lg-abc123-2', 'lg-abc123-3'])
  })
})
