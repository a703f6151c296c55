/**
 * QA: `harness minimize` exited 3 ("the emulator's call audit is incomplete") for a scenario that needs the
 * Tags GetFunction returns only to callers allowed lambda:ListTags: that check is made inside GetFunction's
 * handler and is not in the call audit, so dropping every unaudited action broke the step. Through the real
 * CLI on a throwaway project: the search goes on with the input's other actions as candidates, keeps
 * lambda:ListTags with the step that failed without it as evidence, and drops what no step needs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, createProject, E2E_TIMEOUT_MS, type Project } from '../e2e/cli-project.js'
import type { MinimizeResult } from './minimize.js'
import { asList } from './policy-document.js'

const SCENARIO = `import { CreateRoleCommand, DeleteRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { CreateFunctionCommand, DeleteFunctionCommand, GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda'
import { defineScenario } from 'harness'

const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
})
const EMPTY_ZIP = Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64')

export default defineScenario({
  name: 'app/lambda-worker',
  async run({ client, uniqueName, tags, step, onCleanup }) {
    const RoleName = uniqueName('app-worker-role')
    const role = await step('CreateRole', () =>
      client(IAMClient).send(new CreateRoleCommand({ RoleName, AssumeRolePolicyDocument: TRUST })),
    )
    const Role = role.value?.Role?.Arn
    if (!Role) return
    onCleanup((admin) => admin(IAMClient).send(new DeleteRoleCommand({ RoleName })))
    const lambda = client(LambdaClient)
    const FunctionName = uniqueName('app-worker')
    const created = await step('CreateFunction', () =>
      lambda.send(new CreateFunctionCommand({ FunctionName, Role, Runtime: 'nodejs22.x', Handler: 'index.handler', Code: { ZipFile: EMPTY_ZIP }, Tags: tags })),
    )
    if (!created.ok) return
    onCleanup((admin) => admin(LambdaClient).send(new DeleteFunctionCommand({ FunctionName })))
    await step('GetFunction', async () => {
      const out = await lambda.send(new GetFunctionCommand({ FunctionName }))
      if (!out.Tags) throw new Error('GetFunction returned no Tags (needs lambda:ListTags)')
      return out
    })
  },
})
`

const POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Role',
      Effect: 'Allow',
      Action: ['iam:CreateRole', 'iam:PassRole'],
      Resource: 'arn:aws:iam::*:role/app-worker-role-*',
    },
    {
      Sid: 'Lambda',
      Effect: 'Allow',
      Action: [
        'lambda:CreateFunction',
        'lambda:TagResource',
        'lambda:GetFunction',
        'lambda:ListTags',
        'lambda:DeleteFunction',
      ],
      Resource: 'arn:aws:lambda:*:*:function:app-worker-*',
    },
  ],
}

describe('minimize with a check the emulator does not audit', () => {
  let project: Project
  let result: CliResult
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': `export default { policy: 'policy.json', scenarios: 'scenarios/*.ts' }\n`,
      'policy.json': JSON.stringify(POLICY),
      'scenarios/lambda-worker.ts': SCENARIO,
    })
    result = await project.run([
      'minimize',
      '--region',
      'eu-west-1',
      '--emulator-date',
      '2026-06-01',
      '--time-scale',
      '0.0001',
      '--json',
    ])
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('keeps lambda:ListTags, with its evidence, and drops what no step needs', () => {
    expect(result.stderr).not.toMatch(/call audit is incomplete/)
    expect(result.code).toBe(0)
    const minimized = JSON.parse(result.stdout) as MinimizeResult
    const actions = minimized.policy.Statement.flatMap((s) => asList(s.Action)).sort()
    expect(actions).toEqual([
      'iam:CreateRole',
      'iam:PassRole',
      'lambda:CreateFunction',
      'lambda:GetFunction',
      'lambda:ListTags',
      'lambda:TagResource',
    ])
    expect(minimized.evidence.find((e) => e.action === 'lambda:ListTags')?.neededBy).toEqual([
      'app/lambda-worker / GetFunction @ eu-west-1: error',
    ])
    expect(minimized.diff.actions.filter((a) => a.kept.length === 0).map((a) => a.input)).toEqual([
      'lambda:DeleteFunction',
    ])
  })
})
