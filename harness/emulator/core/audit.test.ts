import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installTestServices } from '../protocols/test-services.js'
import { withEmulator } from '../testing.js'
import { userIdentityOf, withoutSecrets } from './audit.js'

let restore: () => void
beforeAll(() => {
  restore = installTestServices()
})
afterAll(() => restore())

describe('withoutSecrets', () => {
  it.each([
    {
      input: { RoleName: 'r', NextToken: 'n', nextToken: 'm' },
      output: { RoleName: 'r', NextToken: 'n', nextToken: 'm' },
    },
    {
      input: {
        Credentials: { AccessKeyId: 'ASIA1', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(0) },
      },
      output: { Credentials: { AccessKeyId: 'ASIA1', Expiration: '1970-01-01T00:00:00.000Z' } },
    },
    { input: { TokenCode: '123456', SerialNumber: 'arn' }, output: { SerialNumber: 'arn' } },
    { input: [{ password: 'p', keep: 1 }], output: [{ keep: 1 }] },
  ])('drops secret members of $input', ({ input, output }) => {
    expect(withoutSecrets(input)).toEqual(output)
  })
})

describe('userIdentityOf', () => {
  it('describes an assumed role with its session issuer', () => {
    const identity = userIdentityOf({
      accountId: '222222222222',
      arn: 'arn:aws:sts::222222222222:assumed-role/R/s',
      principalType: 'assumed-role',
      userId: 'AROAX:s',
      accessKeyId: 'ASIAX',
      roleArn: 'arn:aws:iam::222222222222:role/R',
      roleName: 'R',
      sessionName: 's',
    })
    expect(identity).toMatchObject({
      type: 'AssumedRole',
      principalId: 'AROAX:s',
      sessionContext: {
        sessionIssuer: { type: 'Role', principalId: 'AROAX', arn: 'arn:aws:iam::222222222222:role/R', userName: 'R' },
      },
    })
  })
})

describe('CloudTrail recording', () => {
  const emu = withEmulator()

  it('records successes and failures with identity, parameters and resources', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig('eu-west-1'))
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'lg', tags: { team: 'a' } }))
    await logs.send(new CreateLogGroupCommand({ logGroupName: 'exists' })).catch(() => undefined)
    await logs.send(new DescribeLogGroupsCommand({}))

    const [created, failed, described] = emu.state.cloudTrail
    expect(created).toMatchObject({
      eventName: 'CreateLogGroup',
      eventSource: 'logs.amazonaws.com',
      awsRegion: 'eu-west-1',
      accountId: '111111111111',
      readOnly: false,
      accessKeyId: 'test',
      username: 'admin',
      requestParameters: { logGroupName: 'lg', tags: { team: 'a' } },
      resources: [{ ResourceType: 'AWS::Logs::LogGroup', ResourceName: 'lg' }],
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::111111111111:user/admin',
        accessKeyId: 'test',
        userName: 'admin',
      },
    })
    expect(created!.errorCode).toBeUndefined()
    expect(failed).toMatchObject({
      errorCode: 'ResourceAlreadyExistsException',
      errorMessage: 'The specified log group already exists',
    })
    expect(described).toMatchObject({ eventName: 'DescribeLogGroups', readOnly: true })
    expect(JSON.stringify(emu.state.cloudTrail)).not.toContain('secretAccessKey')
  })

  it('prefixes EC2 error codes with Client.', async () => {
    const ec2 = new EC2Client(emu.clientConfig('us-west-2'))
    await ec2.send(new TerminateInstancesCommand({ InstanceIds: ['i-1'] })).catch(() => undefined)
    expect(emu.state.cloudTrail.at(-1)).toMatchObject({
      eventName: 'TerminateInstances',
      awsRegion: 'us-west-2',
      errorCode: 'Client.InvalidInstanceID.NotFound',
      requestParameters: { InstanceId: ['i-1'] },
    })
  })

  it('records global services in us-east-1 whatever region the client signs', async () => {
    const iam = new IAMClient(emu.clientConfig('ap-southeast-2'))
    await iam.send(new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{}' }))
    expect(emu.state.cloudTrail.at(-1)).toMatchObject({ eventName: 'CreateRole', awsRegion: 'us-east-1' })
    expect(emu.state.calls.at(-1)).toMatchObject({ operation: 'CreateRole', region: 'us-east-1', outcome: 'success' })
  })

  it('records failed authentication as a call but not as a CloudTrail event', async () => {
    const logs = new CloudWatchLogsClient(
      emu.clientConfig('eu-west-1', { accessKeyId: 'AKIANOBODY', secretAccessKey: 'x' }),
    )
    await logs.send(new DescribeLogGroupsCommand({})).catch(() => undefined)
    expect(emu.state.cloudTrail).toEqual([])
    expect(emu.state.calls).toEqual([
      expect.objectContaining({
        operation: 'DescribeLogGroups',
        accessKeyId: 'AKIANOBODY',
        principalArn: '',
        outcome: 'error',
        errorCode: 'UnrecognizedClientException',
        httpStatus: 400,
      }),
    ])
  })
})
