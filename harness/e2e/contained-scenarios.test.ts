/**
 * Misbehaving scenarios end only themselves (each runs in its own worker thread): an unhandled
 * rejection, process.exit(0), a promise that never settles, a busy loop and a thread blocked in a
 * synchronous wait are each recorded as an error with a clear cause while a well-behaved scenario in the
 * same run still passes. Cleanups the scenario registered before misbehaving run (no leftovers). A thread
 * that never yields has to be terminated, so its cleanup closure is lost: the resource is removed by the
 * ARN the cleanup declared, and a cleanup that declared none is reported as incomplete cleanup (exit 3),
 * never silently. The ARN-less one blocks rather than spins: terminated the same way, without a second
 * core spinning until the deadline.
 */
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestEmulator } from '../emulator/testing.js'
import { type CliResult, createProject, E2E_TIMEOUT_MS, leftovers, type Project, REPO_ROOT } from './cli-project.js'
import { runUntilKilled } from './kill-cli.js'
import { runRecordOf } from './verdict-reports.js'

/** `declareArn`: whether the cleanup names its ARN (the journal's, and what a terminated thread's cleanup falls back to). */
function misbehaving(name: string, misbehave: string, declareArn = true): string {
  // Source text of the scenario file: the placeholders are the scenario's, not this test's.
  const arn = declareArn ? `, { arn: \`arn:aws:logs:\${region}:\${accountId}:log-group:\${logGroupName}\` }` : ''
  return `
import { CloudWatchLogsClient, CreateLogGroupCommand, DeleteLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { defineScenario } from 'harness'

export default defineScenario({
  name: 'careless/${name}',
  async run({ client, region, accountId, uniqueName, tags, step, onCleanup }) {
    const logs = client(CloudWatchLogsClient)
    const logGroupName = uniqueName('harness-lg-${name}')
    const created = await step('CreateLogGroup', () => logs.send(new CreateLogGroupCommand({ logGroupName, tags })))
    if (created.ok) onCleanup((admin) => admin(CloudWatchLogsClient).send(new DeleteLogGroupCommand({ logGroupName }))${arn})
    ${misbehave}
  },
})
`
}

const SCENARIOS = {
  'scenarios/rejection.ts': misbehaving(
    'unhandled-rejection',
    "Promise.reject(new Error('nobody awaits me'))\n    await new Promise(() => {})",
  ),
  'scenarios/exit.ts': misbehaving('process-exit', 'process.exit(0)'),
  'scenarios/hang.ts': misbehaving('never-settles', 'await new Promise(() => {})'),
  'scenarios/busy.ts': misbehaving('busy-loop', 'for (;;) {}'),
  'scenarios/blocked-unnamed.ts': misbehaving(
    'blocked-unnamed',
    'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)',
    false,
  ),
}

interface RecordedStep {
  scenario: string
  step: string
  outcome: { kind: string; errorName?: string; message?: string }
}

describe('contained scenarios (real CLI)', () => {
  let project: Project
  let result: CliResult
  let steps: RecordedStep[]

  beforeAll(async () => {
    const config = {
      scenarios: ['scenarios/*.ts', path.join(REPO_ROOT, 'scenarios/logs-create-tagged-log-group.ts')],
      policy: path.join(REPO_ROOT, 'scenarios/minimal-policy.json'),
      emulator: { timeScale: 0.0005 },
      // A busy loop spins a core until its deadline plus the wind-down: the wind-down is kept short
      // (the default would be the 2 s deadline), the deadline leaves the first step time on a busy machine.
      limits: { scenarioTimeoutSeconds: 2, windDownSeconds: 0.25 },
    }
    project = await createProject({
      'harness.config.ts': `export default ${JSON.stringify(config)}\n`,
      ...SCENARIOS,
    })
    result = await project.run(['run', '--region', 'us-east-1'])
    const runFile = (await project.files()).find((file) => file.includes(`${path.sep}runs${path.sep}`)) as string
    steps = (JSON.parse(await project.read(runFile)) as { results: RecordedStep[] }).results
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  const crash = (scenario: string) =>
    steps.find((s) => s.scenario === `careless/${scenario}` && s.step === '(scenario)')

  it('records each misbehaviour as an error of that scenario, with its cause', () => {
    expect(crash('unhandled-rejection')?.outcome).toMatchObject({
      kind: 'error',
      errorName: 'UnhandledRejection',
      message: expect.stringContaining('nobody awaits me'),
    })
    expect(crash('process-exit')?.outcome).toMatchObject({
      kind: 'error',
      message: expect.stringContaining('scenario called process.exit(0)'),
    })
    expect(crash('never-settles')?.outcome).toMatchObject({ kind: 'error', errorName: 'ScenarioDeadline' })
    expect(crash('busy-loop')?.outcome).toMatchObject({
      kind: 'error',
      errorName: 'ScenarioTerminated',
      message: expect.stringContaining('busy loop'),
    })
    expect(crash('blocked-unnamed')?.outcome).toMatchObject({ kind: 'error', errorName: 'ScenarioTerminated' })
  })

  it('runs every other scenario: the well-behaved one is allowed, and each careless one got its first step', () => {
    const created = steps.filter((s) => s.step === 'CreateLogGroup').map((s) => [s.scenario, s.outcome.kind])
    expect(created).toHaveLength(6)
    expect(created.every(([, kind]) => kind === 'allowed')).toBe(true)
  })

  it('cleans up after the contained ones and by ARN after a busy loop; a lost cleanup with no ARN (a blocked thread) is reported, exit 3', () => {
    expect(result.code).toBe(3)
    expect(result.stderr).toContain('cleanup incomplete')
    // The terminated busy loop declared its log group's ARN: removed by ARN, as harness sweep would.
    expect(result.stdout).not.toContain('a cleanup registered by careless/busy-loop in us-east-1 could not run')
    expect(result.stdout).toContain('a cleanup registered by careless/blocked-unnamed in us-east-1 could not run')
    const left = leftovers(result.dump)
    // Only the unnamed blocked thread's log group is left (nothing names it for a fallback).
    expect(left).toHaveLength(1)
    expect(JSON.stringify(left[0])).toContain('harness-lg-blocked-unnamed')
  })

  it('gives exit 3 in the verdict line, the reports and the record too, not the errored steps’ exit 4 (QA)', async () => {
    expect(result.stdout).toMatch(
      /^Verdict: infrastructure failure \(exit 3\) — cleanup incomplete \(1 problem\); 5 steps errored/m,
    )
    const record = await runRecordOf<{ cleanupProblems?: string[] }>(project, result.stdout)
    expect(record.cleanupProblems).toEqual([expect.stringContaining('careless/blocked-unnamed')])
    const drift = JSON.parse(await project.read('reports/drift.json')) as { verdict: { code: number } }
    expect(drift.verdict.code).toBe(3)
    expect(await project.read('reports/drift.md')).toContain('infrastructure failure (exit 3)')
    expect(await project.read('reports/junit.xml')).toContain(
      '<error type="infrastructure" message="infrastructure failure: cleanup incomplete',
    )
    // A report on the stored run later says the same.
    const report = await project.run(['report'])
    expect(report.code).toBe(3)
  })
})

describe('Ctrl-C while a scenario busy-loops', () => {
  it(
    'still reaches cleanup: the scenario is terminated, the account closed, exit 130',
    async () => {
      const config = {
        scenarios: 'scenarios/*.ts',
        policy: path.join(REPO_ROOT, 'scenarios/minimal-policy.json'),
        emulator: { timeScale: 0.0005 },
        // The interrupt's wind-down grace is the shorter of 10 s and windDownSeconds: 0.5 s of a spinning
        // core here, long before the deadline itself (30 s + 0.5 s) could end the busy loop instead.
        limits: { scenarioTimeoutSeconds: 30, windDownSeconds: 0.5 },
      }
      const busy = await createProject({
        'harness.config.ts': `export default ${JSON.stringify(config)}\n`,
        'scenarios/busy.ts': SCENARIOS['scenarios/busy.ts'],
      })
      try {
        const interrupted = await busy.interrupt(
          ['run', '--region', 'us-east-1'],
          /busy-loop › CreateLogGroup: allowed/,
        )
        expect(interrupted.code).toBe(130)
        expect(interrupted.stdout).toContain('did not wind down after the interrupt')
        const calls = interrupted.dump?.calls ?? []
        expect(calls.some((c) => c.operation === 'CloseAccount' && c.outcome === 'success')).toBe(true)
        expect(calls.some((c) => c.operation === 'DeleteRole' && c.outcome === 'success')).toBe(true)
      } finally {
        await busy.remove()
      }
    },
    E2E_TIMEOUT_MS,
  )
})

describe('a run killed after a scenario cleaned up after itself', () => {
  it(
    'leaves harness sweep only what is still there: the resource its scenario deleted is not listed',
    async () => {
      // Given a log group created and deleted by its scenario, then a second scenario still running
      const emu = await startTestEmulator({ date: '2026-06-01T00:00:00Z' })
      const config = { scenarios: 'scenarios/*.ts', policy: path.join(REPO_ROOT, 'scenarios/minimal-policy.json') }
      const project = await createProject({
        'harness.config.ts': `export default ${JSON.stringify(config)}\n`,
        'scenarios/a-logs.ts': misbehaving('first', ''),
        'scenarios/b-wait.ts': misbehaving('second', 'await new Promise((resolve) => setTimeout(resolve, 60_000))'),
      })
      try {
        const env = { HARNESS_EMULATOR_ENDPOINT: emu.endpoint }
        // When the run is killed while the second scenario waits
        const args = ['run', '--region', 'us-east-1']
        const printed = await runUntilKilled({
          cwd: project.dir,
          args,
          env,
          when: /second › CreateLogGroup/,
          delayMs: 300,
        })
        expect(printed).toMatch(/first › CreateLogGroup: allowed/)
        // Then the sweep lists the second scenario's log group and the account, not the first's log group
        const listed = await project.run(['sweep'], env)
        expect(listed.stdout).toContain('harness-lg-second')
        expect(listed.stdout).not.toContain('harness-lg-first')
      } finally {
        // The account the killed run left goes with this test's own emulator.
        await emu.stop()
        await project.remove()
      }
    },
    E2E_TIMEOUT_MS,
  )
})
