/**
 * What a scenario prints reaches the run's output in full, its last lines included, each led by its
 * region and scenario: the real CLI, whose spare scenario threads end as soon as the account's scenarios
 * are done (QA: the lines a scenario wrote after its last step, with no cleanup to wait for, were lost).
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, createProject, E2E_TIMEOUT_MS, type Project, REPO_ROOT } from './cli-project.js'
import { runRecordOf } from './verdict-reports.js'

const PRINTING_SCENARIO = `
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { defineScenario } from 'harness'

export default defineScenario({
  name: 'logs/prints',
  operations: ['logs:DescribeLogGroups'],
  async run({ client, step }) {
    console.log('BEFORE-1')
    await step('DescribeLogGroups', () => client(CloudWatchLogsClient).send(new DescribeLogGroupsCommand({})))
    // The timer logs/a-late left behind prints meanwhile, in this thread.
    await step('Pause', () => new Promise((resolve) => setTimeout(resolve, 400)))
    for (let i = 1; i <= 5; i++) console.log('AFTER-' + i)
    process.stdout.write('RAW-LAST')
  },
})
`
/** Runs first (files load in name order) in the same thread, and leaves a timer that prints later. */
const LATE_SCENARIO = `
import { defineScenario } from 'harness'

export default defineScenario({
  name: 'logs/a-late',
  async run({ step, onCleanup }) {
    await step('Pause', () => new Promise((resolve) => setTimeout(resolve, 10)))
    setTimeout(() => console.log('LATE-FROM-A'), 150)
    onCleanup(async () => console.log('A-CLEANUP'))
    process.stdout.write('A-PARTIAL')
  },
})
`
/** Runs last (files load in name order): prints, then never yields again, and its thread is terminated at the deadline. */
const BLOCKED_SCENARIO = `
import { defineScenario } from 'harness'

export default defineScenario({
  name: 'logs/blocked',
  async run({ step }) {
    await step('Pause', () => new Promise((resolve) => setTimeout(resolve, 10)))
    for (let i = 1; i <= 20; i++) console.log('BLOCKED-' + i)
    process.stdout.write('BLOCKED-UNFINISHED')
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0)
  },
})
`
const CONFIG = `export default ${JSON.stringify({ limits: { scenarioTimeoutSeconds: 1, windDownSeconds: 0.1 } })}\n`
const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' }],
}

describe('a scenario’s console output, real CLI', () => {
  let project: Project
  let result: CliResult
  beforeAll(async () => {
    project = await createProject(
      {
        'scenarios/prints.ts': PRINTING_SCENARIO,
        'scenarios/a-late.ts': LATE_SCENARIO,
        'scenarios/z-blocked.ts': BLOCKED_SCENARIO,
        'harness.config.ts': CONFIG,
        'policy.json': JSON.stringify(POLICY),
      },
      { process: true },
    )
    const args = ['run', '--region', 'us-east-1', '--policy', 'policy.json', '--time-scale', '0.0005']
    result = await project.run(args, { CI: 'true' })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'keeps every line the scenario wrote, those after its last step too',
    () => {
      // logs/blocked ends as an error (exit 4: a run with a scenario error is incomplete).
      expect(result.stdout).toMatch(/logs\/blocked › \(scenario\): error ScenarioTerminated/)
      // Each line led by where it was printed: regions run side by side.
      for (const line of ['BEFORE-1', 'AFTER-1', 'AFTER-5', 'RAW-LAST'])
        expect(result.stdout).toContain(`[us-east-1] logs/prints | ${line}\n`)
      // A line comes out before the step result that followed it.
      const lines = result.stdout.split('\n')
      const before = lines.indexOf('[us-east-1] logs/prints | BEFORE-1')
      expect(before).toBeGreaterThan(-1)
      expect(before).toBeLessThan(lines.findIndex((line) => line.includes('logs/prints › DescribeLogGroups:')))
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'labels a line with the scenario that printed it, even from a timer firing while the next one runs',
    () => {
      expect(result.stdout).toContain('[us-east-1] logs/a-late | LATE-FROM-A\n')
      // Its unfinished last line goes out when it ends, apart from what its cleanup prints.
      expect(result.stdout).toContain('[us-east-1] logs/a-late | A-PARTIAL\n')
      expect(result.stdout).toContain('[us-east-1] logs/a-late | A-CLEANUP\n')
    },
    E2E_TIMEOUT_MS,
  )

  it(
    'keeps what a scenario printed before it stopped yielding: its thread is terminated, its lines are out',
    () => {
      for (let i = 1; i <= 20; i++) expect(result.stdout).toContain(`[us-east-1] logs/blocked | BLOCKED-${i}\n`)
      // Its last line too, unfinished when the thread stopped: the orchestrator held a copy of it.
      expect(result.stdout).toContain('[us-east-1] logs/blocked | BLOCKED-UNFINISHED\n')
    },
    E2E_TIMEOUT_MS,
  )

  it('records the package version: the bundled CLI finds package.json from its chunks (cli/bundle.mjs)', async () => {
    const { version } = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
    const record = await runRecordOf<{ harnessVersion: string }>(project, result.stdout)
    expect(record.harnessVersion).toBe(version)
  })
})
