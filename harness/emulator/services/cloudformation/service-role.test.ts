/**
 * Whose permissions CloudFormation uses, through the real SDK v3 clients: without a service role, calls
 * on the caller's behalf carrying aws:CalledVia / aws:CalledViaFirst / aws:CalledViaLast and
 * aws:ViaAWSService; with RoleARN, iam:PassRole (iam:PassedToService cloudformation.amazonaws.com) and the
 * role's own permissions for the stack's resources.
 */
import {
  CloudFormationClient,
  CreateStackCommand,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation'
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs'
import { describe, expect, it } from 'vitest'
import { allowStatement, createRole, minimalSession, policy, waitForPropagation } from '../../authz/test-fixtures.js'
import { memberAdmin } from '../../test-accounts.js'
import { failure, PINNED_DATE, withEmulator } from '../../testing.js'
import { trustsService } from './service-role.js'

const REGION = 'eu-west-1'
const CFN = 'cloudformation.amazonaws.com'
const template = (resources: Record<string, object>) => JSON.stringify({ Resources: resources })
const QUEUE = template({ Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: 'stack-queue' } } })
const TOPIC = template({ Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'stack-topic' } } })

async function outcome(cfn: CloudFormationClient, StackName: string) {
  const { Stacks } = await cfn.send(new DescribeStacksCommand({ StackName }))
  const { StackEvents } = await cfn.send(new DescribeStackEventsCommand({ StackName }))
  const failed = StackEvents!.find((event) => event.ResourceStatus === 'CREATE_FAILED')
  return { status: Stacks![0]!.StackStatus, roleArn: Stacks![0]!.RoleARN, reason: failed?.ResourceStatusReason }
}

describe('CloudFormation on the caller’s behalf', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('sets aws:CalledVia, aws:CalledViaFirst, aws:CalledViaLast and aws:ViaAWSService on the calls it makes', async () => {
    const viaCloudFormation = {
      'ForAnyValue:StringEquals': { 'aws:CalledVia': CFN },
      StringEquals: { 'aws:CalledViaFirst': CFN, 'aws:CalledViaLast': CFN },
    }
    const session = await minimalSession(
      emu,
      policy(
        allowStatement(['cloudformation:*', 'sns:CreateTopic', 'sns:DeleteTopic']),
        allowStatement(['sqs:CreateQueue', 'sqs:DeleteQueue'], '*', viaCloudFormation),
        {
          Effect: 'Deny',
          Action: 'sns:CreateTopic',
          Resource: '*',
          Condition: { Bool: { 'aws:ViaAWSService': 'true' } },
        },
      ),
      { region: REGION },
    )
    const cfn = new CloudFormationClient(emu.clientConfig(REGION, session.credentials))

    const direct = await failure(
      new SQSClient(emu.clientConfig(REGION, session.credentials)).send(
        new CreateQueueCommand({ QueueName: 'direct' }),
      ),
    )
    expect(direct.name).toBe('AccessDenied')
    await cfn.send(new CreateStackCommand({ StackName: 'queue', TemplateBody: QUEUE }))
    expect((await outcome(cfn, 'queue')).status).toBe('CREATE_COMPLETE')
    await cfn.send(new DeleteStackCommand({ StackName: 'queue' }))

    await cfn.send(new CreateStackCommand({ StackName: 'topic', TemplateBody: TOPIC }))
    const topic = await outcome(cfn, 'topic')
    expect(topic.status).toBe('ROLLBACK_COMPLETE')
    expect(topic.reason).toContain('is not authorized to perform: SNS:CreateTopic')
    expect(topic.reason).toContain('with an explicit deny in an identity-based policy')
  })
})

describe('CloudFormation with a service role (RoleARN)', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('needs iam:PassRole for cloudformation.amazonaws.com and creates resources with the role’s permissions', async () => {
    const passForCloudFormation = allowStatement('iam:PassRole', 'arn:aws:iam::*:role/cfn-*', {
      StringEquals: { 'iam:PassedToService': CFN },
    })
    const caller = await minimalSession(emu, policy(allowStatement('cloudformation:*'), passForCloudFormation), {
      region: REGION,
    })
    const admin = await memberAdmin(emu, caller.accountId)
    const trustCloudFormation = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: CFN }, Action: 'sts:AssumeRole' }],
    }
    const serviceRole = await createRole(emu, admin, {
      roleName: 'cfn-service',
      trust: trustCloudFormation,
      policy: policy(allowStatement(['sqs:CreateQueue', 'sqs:DeleteQueue'])),
    })
    const otherRole = await createRole(emu, admin, {
      roleName: 'other-service',
      trust: trustCloudFormation,
      policy: policy(allowStatement('*')),
    })
    await waitForPropagation(emu, otherRole)
    const cfn = new CloudFormationClient(emu.clientConfig(REGION, caller.credentials))

    const notPassable = await failure(
      cfn.send(new CreateStackCommand({ StackName: 'other', TemplateBody: QUEUE, RoleARN: otherRole })),
    )
    expect(notPassable.name).toBe('AccessDenied')
    expect(notPassable.message).toContain(`is not authorized to perform: iam:PassRole on resource: ${otherRole}`)

    const missing = serviceRole.replace('cfn-service', 'cfn-missing')
    const invalid = await failure(
      cfn.send(new CreateStackCommand({ StackName: 'missing', TemplateBody: QUEUE, RoleARN: missing })),
    )
    expect(invalid.name).toBe('ValidationError')
    expect(invalid.message).toBe(`Role ${missing} is invalid or cannot be assumed`)

    // The caller may not create queues; the role may.
    await cfn.send(new CreateStackCommand({ StackName: 'queue', TemplateBody: QUEUE, RoleARN: serviceRole }))
    expect(await outcome(cfn, 'queue')).toMatchObject({ status: 'CREATE_COMPLETE', roleArn: serviceRole })
    // The caller could not create topics either, and neither may the role: the role's session is denied.
    await cfn.send(new CreateStackCommand({ StackName: 'topic', TemplateBody: TOPIC, RoleARN: serviceRole }))
    const topic = await outcome(cfn, 'topic')
    expect(topic.status).toBe('ROLLBACK_COMPLETE')
    expect(topic.reason).toContain(
      `User: arn:aws:sts::${caller.accountId}:assumed-role/cfn-service/AWSCloudFormation is not authorized to perform: SNS:CreateTopic`,
    )
  })
})

describe('trustsService', () => {
  const doc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement })
  const allow = { Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' }
  it.each([
    ['an Allow of sts:AssumeRole to the service', doc(allow), true],
    [
      'the service in a list of services',
      doc({ ...allow, Principal: { Service: ['ecs.amazonaws.com', 'cloudformation.amazonaws.com'] } }),
      true,
    ],
    [
      'the service named only in a Deny (review: a substring match trusted it)',
      doc({ ...allow, Effect: 'Deny' }),
      false,
    ],
    [
      'the service named only in a Condition value',
      doc({
        ...allow,
        Principal: { AWS: 'arn:aws:iam::111111111111:root' },
        Condition: { StringEquals: { 'aws:CalledVia': 'cloudformation.amazonaws.com' } },
      }),
      false,
    ],
    ['an Allow and a Deny of it', doc(allow, { ...allow, Effect: 'Deny' }), false],
    ['another action', doc({ ...allow, Action: 'sts:TagSession' }), false],
  ])('%s → %s', (_what, policy, trusted) => {
    expect(trustsService(policy, 'cloudformation.amazonaws.com')).toBe(trusted)
  })
})
