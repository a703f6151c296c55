/**
 * Operations the emulator does not serve answer in the service's own protocol, through the real
 * SDK v3 clients and botocore: the error names the emulator, the operation and the permission AWS
 * would check (from the IAM action catalogue).
 */
import { AccountClient, PutContactInformationCommand } from '@aws-sdk/client-account'
import { CloudWatchLogsClient, PutSubscriptionFilterCommand } from '@aws-sdk/client-cloudwatch-logs'
import { EC2Client, RebootInstancesCommand } from '@aws-sdk/client-ec2'
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam'
import { describe, expect, it } from 'vitest'
import { AWS_CLI_AVAILABLE, awsCli } from '../aws-cli.js'
import { failure, signedRequest, withEmulator } from '../testing.js'
import { permissionsFor } from './unserved.js'

describe('unserved operations of served services', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })

  it('awsJson: UnknownOperationException naming the operation and logs:PutSubscriptionFilter', async () => {
    const logs = new CloudWatchLogsClient(emu.clientConfig('eu-west-1'))
    const error = await failure(
      logs.send(
        new PutSubscriptionFilterCommand({
          logGroupName: 'a',
          filterName: 'f',
          filterPattern: '',
          destinationArn: 'arn:x',
        }),
      ),
    )
    expect(error.name).toBe('UnknownOperationException')
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toMatch(/^The harness emulator does not serve the logs operation PutSubscriptionFilter\. /)
    expect(error.message).toContain('Real AWS checks the permission logs:PutSubscriptionFilter')
    expect(error.message).toContain('Emulated logs operations: CreateLogGroup, DeleteLogGroup')
  })

  it('awsQuery: InvalidAction naming iam:ListUsers', async () => {
    const error = await failure(new IAMClient(emu.clientConfig()).send(new ListUsersCommand({})))
    expect(error.name).toBe('InvalidAction')
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toContain(
      'does not serve the iam operation ListUsers. Real AWS checks the permission iam:ListUsers',
    )
  })

  it('ec2Query: InvalidAction naming ec2:RebootInstances', async () => {
    const ec2 = new EC2Client(emu.clientConfig('eu-west-1'))
    const error = await failure(ec2.send(new RebootInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })))
    expect(error.name).toBe('InvalidAction')
    expect(error.message).toContain('Real AWS checks the permission ec2:RebootInstances')
  })

  it('restJson1: UnknownOperationException 404 naming the route when it cannot name the operation', async () => {
    const account = new AccountClient(emu.clientConfig())
    const error = await failure(
      account.send(
        new PutContactInformationCommand({
          ContactInformation: {
            AddressLine1: 'a',
            City: 'b',
            CountryCode: 'US',
            FullName: 'c',
            PhoneNumber: '+1',
            PostalCode: '1',
          },
        }),
      ),
    )
    expect(error.name).toBe('UnknownOperationException')
    expect(error.$metadata.httpStatusCode).toBe(404)
    expect(error.message).toContain('does not serve the account request POST /putContactInformation')
  })
})

describe('services the emulator does not serve', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })

  it('awsJson1_0 (DynamoDB): answers in JSON with the client content type and names dynamodb:PutItem', async () => {
    const response = await signedRequest(emu.endpoint, {
      service: 'dynamodb',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem' },
      body: '{}',
    })
    expect(response.status).toBe(400)
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.0')
    const body = JSON.parse(response.body)
    expect(body.__type).toBe('UnknownOperationException')
    expect(body.message).toContain(
      'does not serve the dynamodb operation PutItem. Real AWS checks the permission dynamodb:PutItem',
    )
    expect(body.message).toContain('This service is not emulated.')
  })

  it('a service AWS does not have (signed as "foobar"): a 400 naming the request, never a 500', async () => {
    const response = await signedRequest(emu.endpoint, {
      service: 'foobar',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'FooBar.DoThing' },
      body: '{}',
    })
    expect(response.status).toBe(400)
    const body = JSON.parse(response.body)
    expect(body.__type).toBe('UnknownOperationException')
    expect(body.message).toMatch(
      /^The harness emulator does not serve the foobar (operation DoThing|request POST \/)\. /,
    )
    expect(body.message).toContain('This service is not emulated.')
  })

  it('awsQuery (Elastic Load Balancing): answers <ErrorResponse> XML', async () => {
    const response = await signedRequest(emu.endpoint, {
      service: 'elasticloadbalancing',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=DescribeLoadBalancers&Version=2015-12-01',
    })
    expect(response.status).toBe(400)
    expect(response.body).toMatch(/^<ErrorResponse xmlns=""><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/)
    expect(response.body).toContain('Real AWS checks the permission elasticloadbalancing:DescribeLoadBalancers')
  })
})

describe('the catalogue lookup', () => {
  it('names dependent actions and aliases', async () => {
    expect(await permissionsFor('lambda', 'CreateFunction')).toEqual(['lambda:CreateFunction', 'iam:PassRole'])
    expect(await permissionsFor('s3', 'HeadBucket', { HeadBucket: 's3:ListBucket' })).toEqual(['s3:ListBucket'])
    expect(await permissionsFor('logs', 'NoSuchThing')).toEqual([])
    expect(await permissionsFor('foobar', 'DoThing')).toEqual([])
    // Names that are members of every object, not catalogue entries.
    expect(await permissionsFor('constructor', 'DoThing')).toEqual([])
    expect(await permissionsFor('logs', 'constructor')).toEqual([])
    expect(await permissionsFor('logs', '__proto__')).toEqual([])
  })
})

describe.skipIf(!AWS_CLI_AVAILABLE)('botocore reads the unserved answer', { timeout: 180_000 }, () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })

  it('aws logs put-subscription-filter shows the code and the permission', async () => {
    const result = await awsCli(emu, [
      'logs',
      'put-subscription-filter',
      '--log-group-name',
      'a',
      '--filter-name',
      'f',
      '--filter-pattern',
      '',
      '--destination-arn',
      'arn:aws:lambda:us-east-1:111111111111:function:f',
    ])
    expect(result.exitCode).not.toBe(0)
    expect(result.stderr).toContain(
      'An error occurred (UnknownOperationException) when calling the PutSubscriptionFilter operation: The harness emulator does not serve',
    )
    expect(result.stderr).toContain('logs:PutSubscriptionFilter')
  })
})
