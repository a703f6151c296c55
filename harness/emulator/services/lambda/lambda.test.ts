/** Lambda through the real SDK v3 client (restJson1): functions with tags, PassRole, propagation, modeled errors. */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  CreateFunctionCommand,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-lambda'
import { describe, expect, it } from 'vitest'
import {
  allowStatement,
  minimalSession,
  policy,
  setClock,
  waitForPolicy,
  waitForPropagation,
} from '../../authz/test-fixtures.js'
import { memberAdmin } from '../../test-accounts.js'
import { failure, type TestCredentials, type TestEmulator, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'
const ZIP = new Uint8Array(Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64'))
const LAMBDA_TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
})

async function executionRole(emu: TestEmulator, credentials?: TestCredentials, wait = true): Promise<string> {
  const iam = new IAMClient(emu.clientConfig('us-east-1', credentials))
  const { Role } = await iam.send(
    new CreateRoleCommand({ RoleName: 'fn-exec', AssumeRolePolicyDocument: LAMBDA_TRUST }),
  )
  if (wait) await waitForPropagation(emu, Role!.Arn!)
  return Role!.Arn!
}

const create = (Role: string, FunctionName = 'fn', Tags?: Record<string, string>) =>
  new CreateFunctionCommand({
    FunctionName,
    Role,
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    Code: { ZipFile: ZIP },
    Tags,
  })

describe('Lambda functions', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const lambda = () => new LambdaClient(emu.clientConfig(REGION))

  it('Given CreateFunction with tags, the function is read, listed, retagged and deleted', async () => {
    const role = await executionRole(emu)
    const created = await lambda().send(create(role, 'fn', { team: 'blue' }))
    expect(created).toMatchObject({
      FunctionName: 'fn',
      FunctionArn: `arn:aws:lambda:${REGION}:111111111111:function:fn`,
      State: 'Pending',
      Role: role,
    })
    expect(created.$metadata.httpStatusCode).toBe(201)
    const { Configuration, Tags } = await lambda().send(new GetFunctionCommand({ FunctionName: 'fn' }))
    expect(Configuration!.State).toBe('Active')
    expect(Tags).toEqual({ team: 'blue' })
    expect((await lambda().send(new ListFunctionsCommand({}))).Functions!.map((fn) => fn.FunctionName)).toEqual(['fn'])
    await lambda().send(new TagResourceCommand({ Resource: created.FunctionArn!, Tags: { env: 'dev', x: 'y' } }))
    await lambda().send(new UntagResourceCommand({ Resource: created.FunctionArn!, TagKeys: ['team', 'x'] }))
    expect((await lambda().send(new ListTagsCommand({ Resource: created.FunctionArn! }))).Tags).toEqual({ env: 'dev' })
    await lambda().send(new DeleteFunctionCommand({ FunctionName: 'fn' }))
    const gone = await failure(lambda().send(new GetFunctionCommand({ FunctionName: 'fn' })))
    expect(gone).toBeInstanceOf(ResourceNotFoundException)
    expect(gone.message).toBe(`Function not found: arn:aws:lambda:${REGION}:111111111111:function:fn`)
  })

  it('names an unserved Lambda operation and its permission', async () => {
    const error = await failure(lambda().send(new PublishVersionCommand({ FunctionName: 'fn' })))
    expect(error.name).toBe('UnknownOperationException')
    expect(error.message).toContain(
      'does not serve the lambda operation PublishVersion. Real AWS checks the permission lambda:PublishVersion',
    )
  })

  it('CreateFunction needs iam:PassRole on the execution role and, with tags, lambda:TagResource', async () => {
    const session = await minimalSession(emu, policy(allowStatement(['lambda:CreateFunction'])), { region: REGION })
    const role = await executionRole(emu, await memberAdmin(emu, session.accountId))
    const minimal = new LambdaClient(emu.clientConfig(REGION, session.credentials))
    const noPass = await failure(minimal.send(create(role)))
    expect(noPass.name).toBe('AccessDeniedException')
    expect(noPass.$metadata.httpStatusCode).toBe(403)
    expect(noPass.message).toContain(
      `is not authorized to perform: iam:PassRole on resource: ${role} because no identity-based policy allows the iam:PassRole action`,
    )

    const withPass = await minimalSession(
      emu,
      policy(
        allowStatement(['lambda:CreateFunction']),
        allowStatement('iam:PassRole', role, { StringEquals: { 'iam:PassedToService': 'lambda.amazonaws.com' } }),
      ),
      { region: REGION, accountId: session.accountId, roleName: 'with-pass' },
    )
    const passing = new LambdaClient(emu.clientConfig(REGION, withPass.credentials))
    const tagged = await failure(passing.send(create(role, 'tagged', { k: 'v' })))
    expect(tagged.message).toContain(
      `is not authorized to perform: lambda:TagResource on resource: arn:aws:lambda:${REGION}:${session.accountId}:function:tagged ` +
        'because no identity-based policy allows the lambda:TagResource action',
    )
    await passing.send(create(role, 'untagged'))
  })
})

describe('Lambda and a new execution role', () => {
  // Propagation long enough (an hour of simulated time) that no test machine can outrun it; the
  // clock is then moved past it instead of waiting.
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z', durations: { iamPropagationMs: 3_600_000_000 } })
  const lambda = () => new LambdaClient(emu.clientConfig(REGION))

  it('answers modeled errors, including a role Lambda cannot assume yet', async () => {
    const fresh = await executionRole(emu, undefined, false)
    const early = await failure(lambda().send(create(fresh)))
    expect(early).toBeInstanceOf(InvalidParameterValueException)
    expect(early.message).toBe('The role defined for the function cannot be assumed by Lambda.')
    await setClock(emu, new Date(emu.state.clock.now().getTime() + 3_600_001).toISOString())
    await lambda().send(create(fresh))
    const again = await failure(lambda().send(create(fresh)))
    expect(again).toBeInstanceOf(ResourceConflictException)
    expect(again.message).toBe('Function already exist: fn')
  })
})

describe('Lambda GetFunction tags and the July 27, 2024 change', () => {
  const emu = withEmulator({ date: '2024-07-01T00:00:00Z' })

  it('returns Tags to a caller without lambda:ListTags before the change, and not after it', async () => {
    const session = await minimalSession(emu, policy(allowStatement('lambda:GetFunction')), { region: REGION })
    const admin = await memberAdmin(emu, session.accountId)
    await new LambdaClient(emu.clientConfig(REGION, admin)).send(
      create(await executionRole(emu, admin), 'fn', { team: 'blue' }),
    )
    const minimal = () => new LambdaClient(emu.clientConfig(REGION, session.credentials))
    expect((await minimal().send(new GetFunctionCommand({ FunctionName: 'fn' }))).Tags).toEqual({ team: 'blue' })
    await setClock(emu, '2024-07-28T00:00:00Z')
    session.credentials = await waitForPolicy(emu, session.roleArn, REGION)
    const after = await minimal().send(new GetFunctionCommand({ FunctionName: 'fn' }))
    expect(after.Configuration!.FunctionName).toBe('fn')
    expect(after.Tags).toBeUndefined()
  })
})
