/**
 * What a scenario prints reaches the run's output in full, its last lines included, each led by its
 * region and scenario: the real CLI, whose spare scenario threads end as soon as the account's scenarios
 * are done (QA: the lines a scenario wrote after its last step, with no cleanup to wait for, were lost).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, E2E_TIMEOUT_MS, type Project } from './cli-project.js'

const PRINTING_SCENARIO = `
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { defineScenario } from 'harness'

export default defineScenario({
  name: 'logs/prints',
  operations: ['logs:DescribeLogGroups'],
  async run({ client, step }) {
    console.log('BEFORE-1')
    await step('DescribeLogGroups', () => client(CloudWatchLogsClient).send(new DescribeLogGroupsCommand({})))
    for (let i = 1; i <= 5; i++) console.log('AFTER-' + i)
    process.stdout.write('RAW-LAST')
  },
})
`
const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'logs:DescribeLogGroups', Resource: '*' }],
}

describe('a scenario’s console output, real CLI', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject(
      { 'scenarios/prints.ts': PRINTING_SCENARIO, 'policy.json': JSON.stringify(POLICY) },
      { process: true },
    )
  })
  afterAll(() => project.remove())

  it(
    'keeps every line the scenario wrote, those after its last step too',
    async () => {
      const args = ['run', '--region', 'us-east-1', '--policy', 'policy.json', '--time-scale', '0.0005']
      const result = await project.run(args, { CI: 'true' })
      expect(result.code, result.stderr).toBe(0)
      // Each line led by where it was printed: regions run side by side.
      for (const line of ['BEFORE-1', 'AFTER-1', 'AFTER-5', 'RAW-LAST'])
        expect(result.stdout).toContain(`[us-east-1] logs/prints | ${line}\n`)
    },
    E2E_TIMEOUT_MS,
  )
})
