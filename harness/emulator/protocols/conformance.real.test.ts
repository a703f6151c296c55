/**
 * Wire conformance per protocol through the real SDK v3 clients against the REAL emulated services
 * (not stand-ins): outputs deserialize, modeled errors become their exception classes with status,
 * members and AWS's text (sources: harness/emulator/FACTS.md), malformed input gets well-formed errors,
 * and the server keeps serving afterwards. The date is pinned: nothing here may depend on today.
 */
import { AccountClient, GetRegionOptStatusCommand, ValidationException } from '@aws-sdk/client-account'
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  DescribeLogGroupsCommand,
  InvalidParameterException,
  ResourceAlreadyExistsException,
} from '@aws-sdk/client-cloudwatch-logs'
import { DescribeVpcsCommand, EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2'
import { CreateRoleCommand, EntityAlreadyExistsException, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { failure, signedRequest, until, withEmulator } from '../testing.js'

const DATE = '2025-03-01T00:00:00Z'
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }],
})

describe('awsJson1_1 (CloudWatch Logs, Organizations)', () => {
  const emu = withEmulator({ date: DATE })
  const logs = () => new CloudWatchLogsClient(emu.clientConfig('eu-west-1'))

  it('serializes outputs and modeled errors the SDK understands', async () => {
    await logs().send(new CreateLogGroupCommand({ logGroupName: 'conformance' }))
    const out = await logs().send(new DescribeLogGroupsCommand({}))
    expect(out.logGroups?.map((group) => group.logGroupName)).toEqual(['conformance'])
    // epoch milliseconds on the emulator's pinned clock (which runs on from DATE)
    expect(new Date(out.logGroups?.[0]?.creationTime ?? 0).toISOString().slice(0, 10)).toBe('2025-03-01')
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
    const error = await failure(logs().send(new CreateLogGroupCommand({ logGroupName: 'conformance' })))
    expect(error).toBeInstanceOf(ResourceAlreadyExistsException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe('The specified log group already exists')
  })

  it('writes Dates as epoch seconds, and the service message casing and members (Organizations)', async () => {
    const orgs = new OrganizationsClient(emu.clientConfig())
    const { CreateAccountStatus } = await orgs.send(
      new CreateAccountCommand({ AccountName: 'a', Email: 'a@example.com' }),
    )
    const described = await orgs.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus!.Id! }),
    )
    expect(described.CreateAccountStatus?.RequestedTimestamp).toBeInstanceOf(Date)
    expect(described.CreateAccountStatus?.RequestedTimestamp?.toISOString().slice(0, 10)).toBe('2025-03-01')
  })

  it('answers a missing parameter with the service validation error', async () => {
    const error = await failure(
      logs().send(new CreateLogGroupCommand({ logGroupName: undefined as unknown as string })),
    )
    expect(error).toBeInstanceOf(InvalidParameterException)
    expect(error.message).toBe(
      "1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null",
    )
  })

  it('rejects bad JSON and wrong types as SerializationException, then keeps serving', async () => {
    const target = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.CreateLogGroup' }
    for (const body of ['{"logGroupName": ', '[1]']) {
      const bad = await signedRequest(emu.endpoint, { service: 'logs', headers: target, body })
      expect({ body, status: bad.status, type: JSON.parse(bad.body).__type }).toEqual({
        body,
        status: 400,
        type: 'SerializationException',
      })
    }
    const wrongType = await signedRequest(emu.endpoint, {
      service: 'logs',
      headers: target,
      body: '{"logGroupName": 5}',
    })
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
    await expect(logs().send(new DescribeLogGroupsCommand({}))).resolves.toBeDefined()
  })

  it('answers an operation the service does not have with a well-formed JSON error naming it', async () => {
    const target = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'Logs_20140328.NoSuchOperation' }
    const answer = await signedRequest(emu.endpoint, { service: 'logs', headers: target, body: '{}' })
    expect(answer.status).toBe(400)
    expect(JSON.parse(answer.body).message).toContain('NoSuchOperation')
  })
})

describe('awsJson1_1 quota errors (Organizations with a 1-account quota)', () => {
  const emu = withEmulator({ date: DATE, maxAccounts: 1 })

  it('a CreateAccount over the quota fails with FailureReason ACCOUNT_LIMIT_EXCEEDED (an enum member, deserialized)', async () => {
    const orgs = new OrganizationsClient(emu.clientConfig())
    const { CreateAccountStatus } = await orgs.send(
      new CreateAccountCommand({ AccountName: 'a', Email: 'a@example.com' }),
    )
    const status = await until(
      () => orgs.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus!.Id! })),
      (out) => out.CreateAccountStatus?.State !== 'IN_PROGRESS',
    )
    expect(status.CreateAccountStatus).toMatchObject({ State: 'FAILED', FailureReason: 'ACCOUNT_LIMIT_EXCEEDED' })
  })
})

describe('awsQuery (IAM)', () => {
  const emu = withEmulator({ date: DATE })
  const iam = () => new IAMClient(emu.clientConfig())

  it('unflattens lists and serializes results with members, escaped text and ISO dates', async () => {
    const tags = [
      { Key: 'team', Value: 'a&b' },
      { Key: 'env', Value: '<dev>' },
    ]
    const out = await iam().send(new CreateRoleCommand({ RoleName: 'r1', AssumeRolePolicyDocument: TRUST, Tags: tags }))
    expect(out.Role?.CreateDate?.toISOString().slice(0, 10)).toBe('2025-03-01')
    const { Role } = await iam().send(new GetRoleCommand({ RoleName: 'r1' }))
    expect(Role?.Tags).toEqual(tags)
    expect(JSON.parse(decodeURIComponent(Role?.AssumeRolePolicyDocument ?? ''))).toEqual(JSON.parse(TRUST))
  })

  it('raises modeled errors with their status and fault', async () => {
    await iam().send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: TRUST }))
    const error = await failure(
      iam().send(new CreateRoleCommand({ RoleName: 'twice', AssumeRolePolicyDocument: TRUST })),
    )
    expect(error).toBeInstanceOf(EntityAlreadyExistsException)
    expect(error.$metadata.httpStatusCode).toBe(409)
    expect(error.message).toBe('Role with name twice already exists.')
    expect(error.$fault).toBe('client')
  })

  it('answers a missing parameter in AWS XML', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }
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

describe('ec2Query (EC2)', () => {
  const emu = withEmulator({ date: DATE })
  const ec2 = () => new EC2Client(emu.clientConfig('us-east-1'))

  it('serializes item lists and booleans', async () => {
    const out = await ec2().send(new DescribeVpcsCommand({}))
    expect(out.Vpcs?.filter((vpc) => vpc.IsDefault)).toHaveLength(1)
    expect(out.Vpcs?.[0]).toMatchObject({ CidrBlock: '172.31.0.0/16', State: 'available' })
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('raises errors by code with the RequestID, DryRun as 412', async () => {
    const notFound = await failure(ec2().send(new TerminateInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })))
    expect(notFound.name).toBe('InvalidInstanceID.NotFound')
    expect(notFound.message).toBe("The instance ID 'i-0123456789abcdef0' does not exist")
    expect(notFound.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe('restJson1 (Account)', () => {
  const emu = withEmulator({ date: DATE })

  it('routes by path and serializes JSON; modeled errors carry their members', async () => {
    const account = new AccountClient(emu.clientConfig())
    const out = await account.send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' }))
    expect(out).toMatchObject({ RegionName: 'ap-east-1', RegionOptStatus: 'DISABLED' })
    const error = await failure(account.send(new GetRegionOptStatusCommand({ RegionName: 'nowhere' })))
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.reason).toEqual(expect.any(String))
    expect(error.message).toContain('nowhere')
  })
})
