/** Lambda through the real SDK v3 client (restJson1): functions with tags, PassRole, propagation, modeled errors. */
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  type Architecture,
  CreateFunctionCommand,
  type CreateFunctionCommandInput,
  DeleteFunctionCommand,
  GetFunctionCommand,
  InvalidParameterValueException,
  LambdaClient,
  ListFunctionsCommand,
  ListTagsCommand,
  PublishVersionCommand,
  ResourceConflictException,
  ResourceNotFoundException,
  type Runtime,
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

/** A zip holding index.js (deflated), as a packager makes one. */
const ZIP_WITH_FILE = new Uint8Array(
  Buffer.from(
    'UEsDBBQAAAAIABWDh12fBo6zHQAAABsAAAAIAAAAaW5kZXguanNLrSjILyop1stIzEvJSS2yTSyuzEvW0LS1M+QCAFBLAQIUAxQAAAAIABWDh12fBo6zHQAAABsAAAAIAAAAAAAAAAAAAACAAQAAAABpbmRleC5qc1BLBQYAAAAAAQABADYAAABDAAAAAAA=',
    'base64',
  ),
)

const DEPRECATED = (runtime: string) =>
  `The runtime parameter of ${runtime} is no longer supported for creating or updating AWS Lambda functions. ` +
  'We recommend you use a supported runtime while creating or updating functions.'

describe('Lambda CreateFunction input AWS refuses', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const lambda = () => new LambdaClient(emu.clientConfig(REGION))
  const createWith = (Role: string, input: Partial<CreateFunctionCommandInput>) =>
    lambda().send(
      new CreateFunctionCommand({
        FunctionName: 'fn',
        Role,
        Runtime: 'nodejs20.x',
        Handler: 'index.handler',
        Code: { ZipFile: ZIP },
        ...input,
      }),
    )
  const nothingCreated = async () => expect((await lambda().send(new ListFunctionsCommand({}))).Functions).toEqual([])

  it('refuses a runtime Lambda does not know, listing the ones it takes that day', async () => {
    const role = await executionRole(emu)
    const error = await failure(createWith(role, { Runtime: 'cobol' as Runtime }))
    expect(error).toBeInstanceOf(InvalidParameterValueException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    // FACTS.md: Lambda (runtime rows); the set's order is AWS's of 2026-01-12.
    expect(error.message).toBe(
      "Value cobol at 'runtime' failed to satisfy constraint: Member must satisfy enum value set: " +
        '[nodejs20.x, python3.14, provided.al2023, python3.12, python3.13, nodejs24.x, nodejs22.x, java25, ' +
        'python3.10, python3.11, java21, ruby3.3, ruby3.4, ruby3.2, python3.8, python3.9, java17, nodejs16.x, ' +
        'dotnet10, dotnet8, java11, dotnet6, nodejs18.x, provided.al2, java8.al2, ruby4.0] or be a valid ARN',
    )
    await nothingCreated()
  })

  it.each(['nodejs12.x', 'python3.7', 'go1.x', 'java8', 'provided'])(
    'refuses %s, past its "Block function create" date',
    async (runtime) => {
      const role = await executionRole(emu)
      const error = await failure(createWith(role, { Runtime: runtime as Runtime }))
      expect(error).toBeInstanceOf(InvalidParameterValueException)
      expect(error.message).toBe(DEPRECATED(runtime))
      await nothingCreated()
    },
  )

  it('refuses a ZipFile that is not a zip archive and takes a real one', async () => {
    const role = await executionRole(emu)
    const error = await failure(createWith(role, { Code: { ZipFile: new TextEncoder().encode('not a zip') } }))
    expect(error).toBeInstanceOf(InvalidParameterValueException)
    expect(error.message).toBe('Could not unzip uploaded file. Please check your file, then try to upload again.')
    const truncated = await failure(createWith(role, { Code: { ZipFile: ZIP_WITH_FILE.slice(0, 100) } }))
    expect(truncated).toBeInstanceOf(InvalidParameterValueException)
    await nothingCreated()
    const created = await createWith(role, { Code: { ZipFile: ZIP_WITH_FILE } })
    expect(created.CodeSize).toBe(ZIP_WITH_FILE.length)
  })

  it('refuses environment variables Lambda reserves, naming them', async () => {
    const role = await executionRole(emu)
    const Environment = { Variables: { AWS_REGION: 'x', TABLE: 't', AWS_ACCESS_KEY_ID: 'k' } }
    const error = await failure(createWith(role, { Environment }))
    expect(error).toBeInstanceOf(InvalidParameterValueException)
    expect(error.message).toBe(
      'Lambda was unable to configure your environment variables because the environment variables you have provided ' +
        'contains reserved keys that are currently not supported for modification. ' +
        'Reserved keys used in this request: AWS_REGION, AWS_ACCESS_KEY_ID',
    )
    await nothingCreated()
    await createWith(role, { Environment: { Variables: { TZ: 'UTC', LANG: 'C', TABLE: 't' } } })
  })

  it('takes one architecture, answering ValidationException for two or an unknown one', async () => {
    const role = await executionRole(emu)
    const two = await failure(createWith(role, { Architectures: ['x86_64', 'arm64'] }))
    expect(two.name).toBe('ValidationException')
    expect(two.$metadata.httpStatusCode).toBe(400)
    expect(two.message).toBe(
      "1 validation error detected: Value '[x86_64, arm64]' at 'architectures' failed to satisfy constraint: " +
        'Member must have length less than or equal to 1',
    )
    const upper = await failure(createWith(role, { Architectures: ['X86_64' as Architecture] }))
    expect(upper.message).toBe(
      "1 validation error detected: Value '[X86_64]' at 'architectures' failed to satisfy constraint: " +
        'Member must satisfy constraint: [Member must satisfy enum value set: [x86_64, arm64], Member must not be null]',
    )
    await nothingCreated()
    const arm = await createWith(role, { Architectures: ['arm64'] })
    expect(arm.Architectures).toEqual(['arm64'])
  })
})

describe('Lambda runtimes on the timeline', () => {
  const emu = withEmulator({ date: '2023-03-01T00:00:00Z' })

  it('takes nodejs12.x before its block date and refuses it from that date on', async () => {
    const lambda = new LambdaClient(emu.clientConfig(REGION))
    const role = await executionRole(emu)
    const create12 = (FunctionName: string) =>
      lambda.send(
        new CreateFunctionCommand({
          FunctionName,
          Role: role,
          Runtime: 'nodejs12.x',
          Handler: 'index.handler',
          Code: { ZipFile: ZIP },
        }),
      )
    await create12('before')
    await setClock(emu, '2023-03-31T09:00:00Z')
    const after = await failure(create12('after'))
    expect(after.message).toBe(DEPRECATED('nodejs12.x'))
  })
})

describe('Lambda tag keys', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const lambda = () => new LambdaClient(emu.clientConfig(REGION))

  it.each(['aws:team', 'AWS:team'])(
    'refuses the reserved prefix in %s on CreateFunction and TagResource',
    async (key) => {
      // The rule: the Tag Editor user guide's tag naming requirements; the text is ours (FACTS.md: Lambda).
      const role = await executionRole(emu)
      const created = await failure(lambda().send(create(role, 'fn', { [key]: 'x' })))
      expect(created).toBeInstanceOf(InvalidParameterValueException)
      expect(created.$metadata.httpStatusCode).toBe(400)
      expect((await lambda().send(new ListFunctionsCommand({}))).Functions).toEqual([])
      const { FunctionArn } = await lambda().send(create(role, 'fn', { team: 'x' }))
      const tagged = await failure(
        lambda().send(new TagResourceCommand({ Resource: FunctionArn!, Tags: { [key]: 'x' } })),
      )
      expect(tagged).toBeInstanceOf(InvalidParameterValueException)
      expect((await lambda().send(new ListTagsCommand({ Resource: FunctionArn! }))).Tags).toEqual({ team: 'x' })
    },
  )
})
