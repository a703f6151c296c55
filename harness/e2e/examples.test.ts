/**
 * The shipped example scenarios (scenarios/examples: S3, SQS, SNS, SSM, Logs retention, ECS, Lambda, CloudFormation) run green on
 * the emulator with their policy and leave nothing behind; the same run under a policy without the
 * tag-on-create permissions regresses, naming each missing permission.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, createProject, E2E_TIMEOUT_MS, leftovers, type Project, REPO_ROOT } from './cli-project.js'

const EXAMPLES = path.join(REPO_ROOT, 'scenarios/examples')
const TAG_ON_CREATE = [
  's3:TagResource',
  'sqs:TagQueue',
  'sns:TagResource',
  'ssm:AddTagsToResource',
  'lambda:TagResource',
]

function examplesConfig(policy: string): string {
  const config = { scenarios: path.join(EXAMPLES, '*-*.ts'), policy, emulator: { timeScale: 0.0005 } }
  return `import { defineConfig } from 'harness'\n\nexport default defineConfig(${JSON.stringify(config, null, 2)})\n`
}

async function policyWithoutTagging(): Promise<string> {
  const policy = JSON.parse(await readFile(path.join(EXAMPLES, 'policy.json'), 'utf8'))
  for (const statement of policy.Statement) {
    statement.Action = ([statement.Action].flat() as string[]).filter((action) => !TAG_ON_CREATE.includes(action))
  }
  return JSON.stringify(policy, null, 2)
}

describe('the shipped example scenarios', () => {
  let project: Project
  let green: CliResult
  let untagged: CliResult

  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': examplesConfig(path.join(EXAMPLES, 'policy.json')),
      'untagged-policy.json': await policyWithoutTagging(),
    })
    green = await project.run(['run', '--region', 'eu-west-1'])
    untagged = await project.run(['run', '--region', 'eu-west-1', '--policy', 'untagged-policy.json'])
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('pass with their policy and clean up after themselves', () => {
    expect(green.stderr).toBe('')
    expect(green.code).toBe(0)
    for (const step of [
      's3/create-tagged-bucket › CreateBucket',
      's3/create-tagged-bucket › GetBucketTagging',
      'sqs/create-tagged-queue › CreateQueue',
      'sns/create-tagged-topic › CreateTopic',
      'ssm/put-tagged-parameter › PutParameter',
      'logs/log-group-retention › PutRetentionPolicy',
      'ecs/create-tagged-cluster › RegisterTaskDefinition',
      'lambda/create-tagged-function › CreateFunction',
      'cloudformation/create-tagged-stack › CreateStack',
    ]) {
      expect(green.stdout).toContain(`[eu-west-1] ${step}: allowed`)
    }
    expect(leftovers(green.dump)).toEqual([])
  })

  it('regress without the tag-on-create permissions, naming each one', async () => {
    expect(untagged.code).toBe(1)
    expect(untagged.stdout).toMatch(/6 regressions/)
    const markdown = await project.read('reports/drift.md')
    // The stack example's queue needs sqs:TagQueue too, so it regresses as a sixth step.
    expect(markdown).toMatch(/Regression: cloudformation\/create-tagged-stack \/ CreateStack/)
    // SNS spells its prefix upper-case in denials (emulator/authz/denial-errors.ts); IAM matches actions case-insensitively.
    for (const permission of TAG_ON_CREATE) {
      expect(markdown).toContain(`Missing permission: \`${permission.replace(/^sns:/, 'SNS:')}\``)
    }
    expect(leftovers(untagged.dump)).toEqual([])
  })
})
