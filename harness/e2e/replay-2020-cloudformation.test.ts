/**
 * Replaying CloudFormation's tagging rule ("As of September 4, 2020, AWS CloudFormation will deny
 * CreateStack ... when the executing user does not have sufficient tagging permissions"; new accounts
 * first): the shipped stack example under a policy without s3:PutBucketTagging / sqs:TagQueue passes
 * in a fresh account on 2020-08-01 and regresses in a fresh account on 2020-10-01, naming
 * s3:PutBucketTagging. (Existing accounts, exempt until February 29, 2024, are replayed in
 * emulator/services/cloudformation/cloudformation.test.ts: harness always vends fresh accounts.)
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, createProject, E2E_TIMEOUT_MS, leftovers, type Project, REPO_ROOT } from './cli-project.js'

const EXAMPLES = path.join(REPO_ROOT, 'scenarios/examples')
const TAGGING = ['s3:PutBucketTagging', 'sqs:TagQueue']

async function policyWithoutTagging(): Promise<string> {
  const policy = JSON.parse(await readFile(path.join(EXAMPLES, 'policy.json'), 'utf8'))
  for (const statement of policy.Statement) {
    statement.Action = ([statement.Action].flat() as string[]).filter((action) => !TAGGING.includes(action))
  }
  return JSON.stringify(policy, null, 2)
}

describe('replaying the 2020 CloudFormation tagging rule', () => {
  let project: Project
  let before: CliResult
  let after: CliResult

  beforeAll(async () => {
    const config = {
      scenarios: path.join(EXAMPLES, 'cloudformation-*.ts'),
      policy: 'old-policy.json',
      emulator: { timeScale: 0.0005 },
    }
    project = await createProject({
      'harness.config.ts': `import { defineConfig } from 'harness'\n\nexport default defineConfig(${JSON.stringify(config)})\n`,
      'old-policy.json': await policyWithoutTagging(),
    })
    before = await project.run(['run', '--region', 'eu-west-1', '--emulator-date', '2020-08-01'])
    after = await project.run(['run', '--region', 'eu-west-1', '--emulator-date', '2020-10-01'])
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('passes before September 4, 2020: the stack is created, its resources untagged (exit 0)', () => {
    expect(before.stderr).toBe('')
    expect(before.code).toBe(0)
    expect(before.stdout).toContain('[eu-west-1] cloudformation/create-tagged-stack › CreateStack: allowed')
  })

  it('regresses after it, naming s3:PutBucketTagging (exit 1)', async () => {
    expect(after.code).toBe(1)
    expect(after.stdout).toMatch(/1 regression/)
    const markdown = await project.read('reports/drift.md')
    expect(markdown).toMatch(/Regression: cloudformation\/create-tagged-stack \/ CreateStack/)
    expect(markdown).toContain('AWS now asks for: `s3:PutBucketTagging`')
  })

  it('shows in the emulator audit when: the denied tagging call was made on 2020-10-01', () => {
    const tagging = (result: CliResult) =>
      (result.dump?.calls ?? []).filter(
        (call) => call.operation === 'CreateStack' && call.principalArn.includes(':assumed-role/'),
      )
    const [denied] = tagging(after)
    expect(denied?.time).toMatch(/^2020-10-01T/)
    expect(denied?.authorization).toContainEqual(
      expect.objectContaining({ action: 's3:PutBucketTagging', decision: 'ImplicitlyDenied' }),
    )
  })

  it('leaves nothing behind', () => {
    expect(leftovers(before.dump)).toEqual([])
    expect(leftovers(after.dump)).toEqual([])
  })
})
