/**
 * A member of the wrong JSON type is refused by AWS's JSON deserializer before validation:
 * HTTP 400 SerializationException with a Jackson-style message, never "Value null … must not be
 * null". Raw signed requests (an SDK would not send these), then one through the SDK client.
 */
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { describe, expect, it } from 'vitest'
import { failure, signedRequest, withEmulator } from '../testing.js'

const json = (target: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target })

describe('wrong-typed members in JSON protocols', () => {
  const emu = withEmulator()

  it.each([
    {
      what: 'ECR repositoryName as a list',
      service: 'ecr',
      headers: json('AmazonEC2ContainerRegistry_V20150921.CreateRepository'),
      body: '{"repositoryName": ["a"]}',
      message: 'Start of list found where not expected',
    },
    {
      what: 'Logs logGroupName as a number',
      service: 'logs',
      headers: json('Logs_20140328.CreateLogGroup'),
      body: '{"logGroupName": 5}',
      message: 'NUMBER_VALUE can not be converted to a String',
    },
    {
      what: 'SSM Name as an object',
      service: 'ssm',
      headers: json('AmazonSSM.GetParameter'),
      body: '{"Name": {"a": 1}}',
      message: 'Start of structure or map found where not expected.',
    },
    {
      what: 'SSM Names as a string',
      service: 'ssm',
      headers: json('AmazonSSM.GetParameters'),
      body: '{"Names": "/aws/service/x"}',
      message: 'Expected list or null',
    },
    {
      what: 'Logs limit as a string',
      service: 'logs',
      headers: json('Logs_20140328.DescribeLogGroups'),
      body: '{"limit": "five"}',
      message: 'STRING_VALUE can not be converted to an Integer',
    },
    {
      what: 'ECR maxResults as a numeric string',
      service: 'ecr',
      headers: json('AmazonEC2ContainerRegistry_V20150921.DescribeRepositories'),
      body: '{"maxResults": "5"}',
      message: 'STRING_VALUE can not be converted to an Integer',
    },
    {
      what: 'Organizations MaxResults as a list',
      service: 'organizations',
      headers: json('AWSOrganizationsV20161128.ListAccounts'),
      body: '{"MaxResults": [5]}',
      message: 'Start of list found where not expected',
    },
    {
      what: 'Logs body as a top-level JSON array',
      service: 'logs',
      headers: json('Logs_20140328.DescribeLogGroups'),
      body: '[{"limit": 5}]',
      message: 'Start of list found where not expected',
    },
    {
      what: 'Account RegionName as a number (restJson1)',
      service: 'account',
      path: '/enableRegion',
      headers: { 'content-type': 'application/json' },
      body: '{"RegionName": 7}',
      message: 'NUMBER_VALUE can not be converted to a String',
    },
  ])('$what → 400 SerializationException', async ({ service, path, headers, body, message }) => {
    const response = await signedRequest(emu.endpoint, { service, path, headers, body })
    expect(response.status).toBe(400)
    const error = JSON.parse(response.body)
    expect(error.__type ?? response.headers['x-amzn-errortype']).toMatch(/^SerializationException/)
    expect(error.message ?? error.Message).toBe(message)
  })

  it('Given the SDK sending a list as repositoryName, then it sees SerializationException, and the server keeps serving', async () => {
    const ecr = new ECRClient(emu.clientConfig('us-east-1'))
    const error = await failure(ecr.send(new CreateRepositoryCommand({ repositoryName: ['a'] as never })))
    expect(error.name).toBe('SerializationException')
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe('Start of list found where not expected')
    const { repository } = await ecr.send(new CreateRepositoryCommand({ repositoryName: 'after-the-error' }))
    expect(repository?.repositoryName).toBe('after-the-error')
  })
})
