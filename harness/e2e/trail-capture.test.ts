/**
 * `harness run` captures CloudTrail after the steps: a scenario launching from `resolve:ssm:` under a policy
 * without ssm:GetParameters leaves an SSM denial EC2 made on the run's behalf; it is in the run record and
 * drift.md with its parse. The emulator's date is pinned.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunRecord } from '../history/types.js'
import { type CliResult, createProject, E2E_TIMEOUT_MS, type Project } from './cli-project.js'

const SCENARIO = `import { EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2'
import { defineScenario } from 'harness'

export default defineScenario({
  name: 'ec2/launch-from-ssm-parameter',
  async run({ client, step }) {
    await step('RunInstances', () =>
      client(EC2Client).send(
        new RunInstancesCommand({
          DryRun: true,
          ImageId: 'resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
        }),
      ),
    )
  },
})
`

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' }],
})

describe('harness run captures denied calls from CloudTrail', () => {
  let project: Project
  let result: CliResult
  let record: RunRecord

  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': `export default { policy: 'policy.json', scenarios: 'scenarios/*.ts' }\n`,
      'policy.json': POLICY,
      'scenarios/launch.ts': SCENARIO,
    })
    result = await project.run(['run', '--region', 'eu-west-1', '--emulator-date', '2026-06-01'])
    const runs = (await project.files()).filter((file) => file.includes('/runs/'))
    record = JSON.parse(await project.read(runs[0] as string)) as RunRecord
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('records the service-invoked SSM denial with its parse in the run record', () => {
    expect(result.stderr).toBe('')
    expect(record.trail?.regions).toEqual(['eu-west-1'])
    // harness's own administrator session (e.g. AssumeRole retried while IAM propagates) is not the run's.
    expect(record.trail?.denials.filter((denial) => denial.principalArn?.includes('/harness-admin-'))).toEqual([])
    expect(record.trail?.denials.map((denial) => denial.eventName).sort()).toEqual(['GetParameters', 'RunInstances'])
    const invoked = record.trail?.denials.find((denial) => denial.invokedBy === 'ec2.amazonaws.com')
    expect(invoked).toMatchObject({
      eventSource: 'ssm.amazonaws.com',
      eventName: 'GetParameters',
      errorCode: 'AccessDeniedException',
      denied: { action: 'ssm:GetParameters', policyType: 'identity-based' },
    })
  })

  it('harness explain on the run record explains the denied step and the captured calls', async () => {
    const runs = (await project.files()).filter((file) => file.includes('/runs/'))
    const explained = await project.run(['explain', '--json', runs[0] as string])
    expect(explained.code).toBe(0)
    const { explanations } = JSON.parse(explained.stdout) as {
      explanations: Array<{ input: string; action?: string; operation?: string; invokedBy?: string }>
    }
    // The step's own call is explained once (QA: its CloudTrail event was listed again as a second denial).
    expect(explanations.map((e) => [e.input, e.operation, e.action, e.invokedBy ?? null])).toEqual([
      ['run-step', 'RunInstances', 'ssm:GetParameters', null],
      ['cloudtrail-event', 'GetParameters', 'ssm:GetParameters', 'ec2.amazonaws.com'],
    ])
  })

  it('shows it in drift.md', async () => {
    const markdown = await project.read('reports/drift.md')
    expect(markdown).toContain('## Denied calls in CloudTrail')
    expect(markdown).toContain(
      "- ssm.amazonaws.com GetParameters in eu-west-1: AccessDeniedException, called by ec2.amazonaws.com on the run's behalf: needs ssm:GetParameters on arn:aws:ssm:eu-west-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64",
    )
  })
})
