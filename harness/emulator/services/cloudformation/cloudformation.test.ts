/**
 * CloudFormation through the real SDK v3 client (awsQuery): stacks of served resource types created
 * with the caller's permissions, stack and resource tags, modeled errors, and the tagging rule of
 * September 4, 2020 (new accounts) and February 29, 2024 (existing accounts).
 */
import {
  AlreadyExistsException,
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation'
import { GetBucketTaggingCommand, S3Client } from '@aws-sdk/client-s3'
import { ListQueueTagsCommand, SQSClient } from '@aws-sdk/client-sqs'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy, setClock, waitForPolicy } from '../../authz/test-fixtures.js'
import { failure, type TestEmulator, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'
const ACCOUNT = '111111111111'

const TEMPLATE = JSON.stringify({
  Resources: {
    Queue: {
      Type: 'AWS::SQS::Queue',
      Properties: { QueueName: 'stack-queue', Tags: [{ Key: 'part', Value: 'queue' }] },
    },
    Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'stack-topic' } },
    Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'stack-bucket-harness' } },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'stack-logs' } },
    Param: { Type: 'AWS::SSM::Parameter', Properties: { Name: 'stack-param', Type: 'String', Value: 'v' } },
  },
})

const BUCKET_ONLY = JSON.stringify({
  Resources: { Bucket: { Type: 'AWS::S3::Bucket', Properties: { BucketName: 'tagged-bucket-harness' } } },
})

async function resourceTypes(emu: TestEmulator, accountId: string): Promise<string[]> {
  const body = (await (await fetch(`${emu.endpoint}/_emulator/resources`)).json()) as {
    resources: Array<{ accountId: string; type: string }>
  }
  return body.resources
    .filter((resource) => resource.accountId === accountId && !resource.type.startsWith('iam:'))
    .map((r) => r.type)
    .sort()
}

describe('CloudFormation stacks', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const cfn = () => new CloudFormationClient(emu.clientConfig(REGION))

  it('Given a template of served types with stack tags, every resource is created tagged and DeleteStack removes them', async () => {
    const { StackId } = await cfn().send(
      new CreateStackCommand({ StackName: 'app', TemplateBody: TEMPLATE, Tags: [{ Key: 'team', Value: 'blue' }] }),
    )
    expect(StackId).toMatch(new RegExp(`^arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/app/[0-9a-f-]{36}$`))
    const { Stacks } = await cfn().send(new DescribeStacksCommand({ StackName: 'app' }))
    expect(Stacks![0]).toMatchObject({
      StackName: 'app',
      StackStatus: 'CREATE_COMPLETE',
      Tags: [{ Key: 'team', Value: 'blue' }],
    })
    const queueUrl = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/stack-queue`
    expect(
      (await new SQSClient(emu.clientConfig(REGION)).send(new ListQueueTagsCommand({ QueueUrl: queueUrl }))).Tags,
    ).toEqual({ team: 'blue', part: 'queue' })
    const bucketTags = await new S3Client(emu.clientConfig(REGION)).send(
      new GetBucketTaggingCommand({ Bucket: 'stack-bucket-harness' }),
    )
    expect(bucketTags.TagSet).toEqual([{ Key: 'team', Value: 'blue' }])
    expect(await resourceTypes(emu, ACCOUNT)).toEqual([
      'cloudformation:stack',
      'logs:log-group',
      's3:bucket',
      'sns:topic',
      'sqs:queue',
      'ssm:parameter',
    ])
    const { StackEvents } = await cfn().send(new DescribeStackEventsCommand({ StackName: 'app' }))
    expect(StackEvents![0]).toMatchObject({ LogicalResourceId: 'app', ResourceStatus: 'CREATE_COMPLETE' })

    await cfn().send(new DeleteStackCommand({ StackName: 'app' }))
    expect(await resourceTypes(emu, ACCOUNT)).toEqual([])
    const gone = await failure(cfn().send(new DescribeStacksCommand({ StackName: 'app' })))
    expect(gone.name).toBe('ValidationError')
    expect(gone.message).toBe('Stack with id app does not exist')
  })

  it('answers modeled errors', async () => {
    await cfn().send(new CreateStackCommand({ StackName: 'once', TemplateBody: BUCKET_ONLY }))
    const again = await failure(cfn().send(new CreateStackCommand({ StackName: 'once', TemplateBody: BUCKET_ONLY })))
    expect(again).toBeInstanceOf(AlreadyExistsException)
    expect(again.message).toBe('Stack [once] already exists')
    const unknown = await failure(
      cfn().send(
        new CreateStackCommand({
          StackName: 'x',
          TemplateBody: JSON.stringify({ Resources: { F: { Type: 'AWS::EFS::FileSystem' } } }),
        }),
      ),
    )
    expect(unknown.name).toBe('ValidationError')
    expect(unknown.message).toMatch(/^Template format error: Unrecognized resource types: \[AWS::EFS::FileSystem\]/)
  })

  it('validates references and parameters, resolves parameter Refs, and fails a resource with an undeclared property', async () => {
    // Texts as CloudFormation answers them (FACTS.md, CloudFormation).
    const queue = (properties: object, extra: object = {}) =>
      JSON.stringify({ ...extra, Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: properties } } })
    const withParameter = { Parameters: { Name: { Type: 'String' } } }
    const refused: Array<[CreateStackCommand, string]> = [
      [
        new CreateStackCommand({ StackName: 'r', TemplateBody: queue({ QueueName: { Ref: 'Missing' } }) }),
        'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
      ],
      [
        new CreateStackCommand({ StackName: 'p', TemplateBody: queue({ QueueName: { Ref: 'Name' } }, withParameter) }),
        'Parameters: [Name] must have values',
      ],
      [
        new CreateStackCommand({
          StackName: 'u',
          TemplateBody: queue({}, withParameter),
          Parameters: [
            { ParameterKey: 'Name', ParameterValue: 'x' },
            { ParameterKey: 'Nope', ParameterValue: 'x' },
          ],
        }),
        'Parameters: [Nope] do not exist in the template',
      ],
      [
        new CreateStackCommand({
          StackName: 'n',
          TemplateBody: queue({}),
          Parameters: [{ ParameterKey: 'Nope', ParameterValue: 'x' }],
        }),
        'Parameter values specified for a template which does not require them.',
      ],
    ]
    for (const [command, message] of refused) {
      const error = await failure(cfn().send(command))
      expect(error.name).toBe('ValidationError')
      expect(error.message).toBe(message)
    }

    await cfn().send(
      new CreateStackCommand({
        StackName: 'named',
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax, not JavaScript's
        TemplateBody: queue({ QueueName: { 'Fn::Sub': '${AWS::StackName}-${Name}' } }, withParameter),
        Parameters: [{ ParameterKey: 'Name', ParameterValue: 'jobs' }],
      }),
    )
    const queueUrl = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/named-jobs`
    expect(
      (await new SQSClient(emu.clientConfig(REGION)).send(new ListQueueTagsCommand({ QueueUrl: queueUrl }))).Tags,
    ).toBeUndefined()

    await cfn().send(new CreateStackCommand({ StackName: 'bogus', TemplateBody: queue({ Bogus: 1 }) }))
    const { Stacks } = await cfn().send(new DescribeStacksCommand({ StackName: 'bogus' }))
    expect(Stacks![0]!.StackStatus).toBe('ROLLBACK_COMPLETE')
    const { StackEvents } = await cfn().send(new DescribeStackEventsCommand({ StackName: 'bogus' }))
    expect(StackEvents!.find((event) => event.ResourceStatus === 'CREATE_FAILED')?.ResourceStatusReason).toBe(
      'Properties validation failed for resource Queue with message: #: extraneous key [Bogus] is not permitted',
    )
  })
})

describe('the CloudFormation tagging rule over time', () => {
  const emu = withEmulator({ date: '2020-06-01T00:00:00Z' })
  // CreateStack and the bucket, but no s3:PutBucketTagging for the stack's tags.
  const noTagging = policy(
    allowStatement([
      'cloudformation:CreateStack',
      'cloudformation:DescribeStacks',
      'cloudformation:DescribeStackEvents',
      's3:CreateBucket',
      's3:DeleteBucket',
    ]),
  )
  const tagged = (name: string) =>
    new CreateStackCommand({
      StackName: name,
      TemplateBody: BUCKET_ONLY.replace('tagged-bucket-harness', `${name}-bucket`),
      Tags: [{ Key: 'team', Value: 'blue' }],
    })

  async function statusOf(client: CloudFormationClient, name: string) {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: name }))
    return Stacks![0]!.StackStatus
  }

  it('Given an account from before September 2020: exempt until February 29, 2024; accounts created after fail at once', async () => {
    const old = await minimalSession(emu, noTagging, { region: REGION })
    const oldClient = () => new CloudFormationClient(emu.clientConfig(REGION, old.credentials))
    await oldClient().send(tagged('before'))
    expect(await statusOf(oldClient(), 'before')).toBe('CREATE_COMPLETE')

    await setClock(emu, '2021-01-01T00:00:00Z')
    old.credentials = await waitForPolicy(emu, old.roleArn, REGION)
    await oldClient().send(tagged('exempt'))
    expect(await statusOf(oldClient(), 'exempt')).toBe('CREATE_COMPLETE')

    const fresh = await minimalSession(emu, noTagging, { region: REGION, roleName: 'fresh-role' })
    const freshClient = new CloudFormationClient(emu.clientConfig(REGION, fresh.credentials))
    await freshClient.send(tagged('new-account'))
    expect(await statusOf(freshClient, 'new-account')).toBe('ROLLBACK_COMPLETE')
    const { StackEvents } = await freshClient.send(new DescribeStackEventsCommand({ StackName: 'new-account' }))
    const failed = StackEvents!.find((event) => event.ResourceStatus === 'CREATE_FAILED')
    expect(failed?.LogicalResourceId).toBe('Bucket')
    expect(failed?.ResourceStatusReason).toMatch(
      /^Resource handler returned message: "User: .* is not authorized to perform: s3:PutBucketTagging on resource: "arn:aws:s3:::new-account-bucket"/,
    )
    expect(await resourceTypes(emu, fresh.accountId)).toEqual(['cloudformation:stack'])

    await setClock(emu, '2024-03-01T00:00:00Z')
    old.credentials = await waitForPolicy(emu, old.roleArn, REGION)
    await oldClient().send(tagged('after-2024'))
    expect(await statusOf(oldClient(), 'after-2024')).toBe('ROLLBACK_COMPLETE')
  })
})
