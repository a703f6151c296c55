/**
 * Wire conformance per protocol through the real SDK v3 clients: outputs deserialize, modeled
 * errors become their exception classes with status and message, unknown operations and malformed
 * input get well-formed errors, and the server keeps serving afterwards.
 */
import {
  AccountClient,
  EnableRegionCommand,
  GetRegionOptStatusCommand,
  ValidationException,
} from '@aws-sdk/client-account'
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  InvalidParameterException,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs'
import { DescribeVpcsCommand, EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2'
import { CreateRoleCommand, DeleteRoleCommand, EntityAlreadyExistsException, IAMClient } from '@aws-sdk/client-iam'
import {
  ConstraintViolationException,
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { failure, signedRequest, withEmulator } from '../testing.js'
import { installTestServices } from './test-services.js'

let restore: () => void
beforeAll(() => {
  restore = installTestServices()
})
afterAll(() => restore())

describe('awsJson1_1', () => {
  const emu = withEmulator()

  it('serializes outputs and modeled errors the SDK understands', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig('eu-west-1'))
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'fine' }))
    const out = await logs.send(new DescribeLogGroupsCommand({}))
    expect(out.logGroups?.[0]?.logGroupName).toBe('a')
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)

    const error = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'exists' })))
    expect(error).toBeInstanceOf(ResourceAlreadyExistsException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe('The specified log group already exists')
  })

  it('writes Dates as epoch seconds and the service message casing and members (Organizations)', async () => {
    const orgs = new OrganizationsClient(emu.clientConfig())
    const out = await orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-12345678' }))
    expect(out.CreateAccountStatus?.RequestedTimestamp).toEqual(new Date('2024-05-06T07:08:09.500Z'))

    const error = await failure(orgs.send(new CreateAccountCommand({ AccountName: 'a', Email: 'a@example.com' })))
    expect(error).toBeInstanceOf(ConstraintViolationException)
    expect(error.Reason).toBe('ACCOUNT_NUMBER_LIMIT_EXCEEDED')
    expect(error.message).toBe('You have reached the limit on the number of accounts.')
  })

  it('answers a missing parameter with the service validation error', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig())
    const error = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: undefined as unknown as string })))
    expect(error).toBeInstanceOf(InvalidParameterException)
    expect(error.message).toBe(
      "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
    )
  })

  it('names an unsupported operation', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig())
    const error = await failure(logs.send(new DeleteLogGroupCommand({ logGroupName: 'a' })))
    expect(error.name).toBe('UnknownOperationException')
    // core/unserved.ts: names the emulator, the operation and the permission AWS checks.
    expect(error.message).toContain('does not serve the logs operation DeleteLogGroup')
    expect(error.message).toContain('logs:DeleteLogGroup')
    expect(error.$metadata.httpStatusCode).toBe(400)
  })

  it('rejects bad JSON and wrong types, then keeps serving', async () => {
    const target = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' }
    const bad = await signedRequest(emu.endpoint, { service: 'logs', headers: target, body: '{"logGroupName": ' })
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.body)).toMatchObject({ __type: 'SerializationException' })

    const array = await signedRequest(emu.endpoint, { service: 'logs', headers: target, body: '[1]' })
    expect(JSON.parse(array.body).__type).toBe('SerializationException')

    const wrongType = await signedRequest(emu.endpoint, {
      service: 'logs',
      headers: target,
      body: '{"logGroupName": 5}',
    })
    expect(wrongType.status).toBe(400)
    // A wrong JSON type fails deserialization, before validation (see core/wire-types.ts).
    expect(JSON.parse(wrongType.body)).toEqual({
      __type: 'SerializationException',
      message: 'NUMBER_VALUE can not be converted to a String',
    })

    const pattern = await signedRequest(emu.endpoint, {
      service: 'logs',
      headers: target,
      body: '{"logGroupName": "a b"}',
    })
    expect(JSON.parse(pattern.body).message).toContain('Member must satisfy regular expression pattern')

    const out = await new CloudWatchLogsClient(emu.clientConfig()).send(new DescribeLogGroupsCommand({}))
    expect(out.logGroups).toHaveLength(1)
  })

  it('turns an unexpected handler exception into InternalFailure 500 without leaking it', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const logs = new CloudWatchLogsClient(emu.clientConfig())
    const error = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'crash' })))
    const logged = stderr.mock.calls.map(([text]) => String(text))
    stderr.mockRestore()
    expect(error.name).toBe('InternalFailure')
    expect(error.$metadata.httpStatusCode).toBe(500)
    expect(error.message).not.toContain('boom')
    expect(logged.some((text) => text.includes('logs:CreateLogGroup failed unexpectedly'))).toBe(true)
    await logs.send(new DescribeLogGroupsCommand({}))
  })
})

describe('connection faults', () => {
  const emu = withEmulator()

  it('drops the connection for ConnectionResetFault and records it', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig())
    const error = await failure(logs.send(new CreateLogGroupCommand({ logGroupName: 'reset' })))
    expect(error.code).toBe('ECONNRESET')
    expect(error.$metadata?.httpStatusCode).toBeUndefined()
    expect(emu.state.calls.at(-1)).toMatchObject({
      operation: 'CreateLogGroup',
      outcome: 'error',
      errorCode: 'ConnectionReset',
    })
    await logs.send(new DescribeLogGroupsCommand({}))
  })
})

describe('awsQuery', () => {
  const emu = withEmulator()

  it('unflattens lists and serializes results with members and ISO dates', async () => {
    const iam = new IAMClient(emu.clientConfig())
    const out = await iam.send(
      new CreateRoleCommand({
        RoleName: 'r1',
        AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}',
        Tags: [
          { Key: 'team', Value: 'a&b' },
          { Key: 'env', Value: '<dev>' },
        ],
      }),
    )
    expect(out.Role?.RoleName).toBe('r1')
    expect(out.Role?.CreateDate).toEqual(new Date('2024-05-06T07:08:09.500Z'))
    expect(out.Role?.Tags).toEqual([
      { Key: 'team', Value: 'a&b' },
      { Key: 'env', Value: '<dev>' },
    ])
    expect(decodeURIComponent(out.Role?.AssumeRolePolicyDocument ?? '')).toBe('{"Version":"2012-10-17","Statement":[]}')
    await iam.send(new DeleteRoleCommand({ RoleName: 'r1' }))
  })

  it('raises modeled errors with their status', async () => {
    const iam = new IAMClient(emu.clientConfig())
    const error = await failure(iam.send(new CreateRoleCommand({ RoleName: 'exists', AssumeRolePolicyDocument: '{}' })))
    expect(error).toBeInstanceOf(EntityAlreadyExistsException)
    expect(error.$metadata.httpStatusCode).toBe(409)
    expect(error.message).toBe('Role with name exists already exists.')
    expect(error.$fault).toBe('client')
  })

  it('answers an unknown action and a missing parameter in XML', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
    const unknown = await signedRequest(emu.endpoint, {
      service: 'iam',
      headers: form,
      body: 'Action=ListUsers&Version=2010-05-08',
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body).toContain('<Code>InvalidAction</Code>')
    expect(unknown.body).toContain('does not serve the iam operation ListUsers')
    expect(unknown.body).toContain('<Type>Sender</Type>')

    const missing = await signedRequest(emu.endpoint, {
      service: 'iam',
      headers: form,
      body: 'Action=CreateRole&Version=2010-05-08&AssumeRolePolicyDocument=%7B%7D',
    })
    expect(missing.status).toBe(400)
    expect(missing.body).toMatch(/<ErrorResponse xmlns="https:\/\/iam.amazonaws.com\/doc\/2010-05-08\/"><Error>/)
    expect(missing.body).toContain('<Code>ValidationError</Code>')
    expect(missing.body).toContain("Value null at 'roleName' failed to satisfy constraint: Member must not be null")
    expect(missing.body).toMatch(/<RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/)
  })
})

describe('ec2Query', () => {
  const emu = withEmulator()

  it('serializes item lists and booleans', async () => {
    const ec2 = new EC2Client(emu.clientConfig())
    const out = await ec2.send(new DescribeVpcsCommand({}))
    expect(out.Vpcs).toEqual([{ VpcId: 'vpc-1', CidrBlock: '172.31.0.0/16', IsDefault: true, State: 'available' }])
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('raises errors by code with the RequestID', async () => {
    const ec2 = new EC2Client(emu.clientConfig())
    const notFound = await failure(ec2.send(new TerminateInstancesCommand({ InstanceIds: ['i-123'] })))
    expect(notFound.name).toBe('InvalidInstanceID.NotFound')
    expect(notFound.message).toBe("The instance ID 'i-123' does not exist")
    expect(notFound.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)

    const dryRun = await failure(ec2.send(new TerminateInstancesCommand({ InstanceIds: ['i-123'], DryRun: true })))
    expect(dryRun.name).toBe('DryRunOperation')
    expect(dryRun.$metadata.httpStatusCode).toBe(412)
  })

  it('answers an unknown action with InvalidAction', async () => {
    const response = await signedRequest(emu.endpoint, {
      service: 'ec2',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=RebootInstances&Version=2016-11-15',
    })
    expect(response.status).toBe(400)
    expect(response.body).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?><Response><Errors><Error><Code>InvalidAction<\/Code><Message>The harness emulator does not serve the ec2 operation RebootInstances\. [^<]*<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/,
    )
  })
})

describe('restJson1', () => {
  const emu = withEmulator()

  it('routes by path and serializes JSON', async () => {
    const account = new AccountClient(emu.clientConfig())
    const out = await account.send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' }))
    expect(out).toMatchObject({ RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' })
    await account.send(new EnableRegionCommand({ RegionName: 'ap-east-1' }))
  })

  it('raises modeled errors from x-amzn-ErrorType with their members', async () => {
    const account = new AccountClient(emu.clientConfig())
    const error = await failure(account.send(new GetRegionOptStatusCommand({ RegionName: 'nowhere' })))
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.reason).toBe('fieldValidationFailed')
    expect(error.message).toBe('Invalid region')
  })

  it('answers an unknown route with a named error', async () => {
    const response = await signedRequest(emu.endpoint, {
      service: 'account',
      path: '/putContactInformation',
      body: '{}',
    })
    expect(response.status).toBe(404)
    expect(response.headers['x-amzn-errortype']).toBe('UnknownOperationException')
    expect(JSON.parse(response.body).message).toContain('POST /putContactInformation')
  })
})
