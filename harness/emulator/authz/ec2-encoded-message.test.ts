/**
 * EC2 UnauthorizedOperation with an encoded authorization failure message, decoded through STS
 * DecodeAuthorizationMessage into AWS's JSON shape; old and verbose (≈2024) wording.
 */
import {
  DescribeImagesCommand,
  EC2Client,
  RunInstancesCommand,
  type RunInstancesCommandInput,
} from '@aws-sdk/client-ec2'
import { DecodeAuthorizationMessageCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { findSecretShapes } from '../../outcomes/redact.js'
import type { EmulatorState } from '../core/state.js'
import { memberAdmin } from '../test-accounts.js'
import { PINNED_DATE, type TestCredentials, type TestEmulator, withEmulator } from '../testing.js'
import { encodeAuthorizationMessage } from './encoded-messages.js'
import { allow, minimalSession, rejection } from './test-fixtures.js'

const REGION = 'eu-west-1'
const BLOB = /Encoded authorization failure message: ([A-Za-z0-9_-]+)$/

async function taggedDryRun(emu: TestEmulator, admin: TestCredentials): Promise<RunInstancesCommandInput> {
  const { Images } = await new EC2Client(emu.clientConfig(REGION, admin)).send(
    new DescribeImagesCommand({ Owners: ['amazon'] }),
  )
  return {
    ImageId: Images![0]!.ImageId!,
    InstanceType: 't3.micro',
    MinCount: 1,
    MaxCount: 1,
    DryRun: true,
    TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'harness' }] }],
  }
}

const decode = (emu: TestEmulator, credentials: TestCredentials, EncodedMessage: string) =>
  new STSClient(emu.clientConfig('us-east-1', credentials)).send(
    new DecodeAuthorizationMessageCommand({ EncodedMessage }),
  )

describe('EC2 encoded authorization failure messages (verbose era)', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('a DryRun RunInstances without ec2:CreateTags decodes to JSON naming ec2:CreateTags', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['ec2:RunInstances']))
    const admin = await memberAdmin(emu, accountId)
    const input = await taggedDryRun(emu, admin)
    const denial = await rejection(
      new EC2Client(emu.clientConfig(REGION, credentials)).send(new RunInstancesCommand(input)),
    )
    expect(denial.name).toBe('UnauthorizedOperation')
    expect(denial.status).toBe(403)
    const resource = `arn:aws:ec2:${REGION}:${accountId}:instance/*`
    expect(denial.message).toMatch(
      new RegExp(
        `^You are not authorized to perform this operation\\. User: arn:aws:sts::${accountId}:assumed-role/harness-minimal/test ` +
          `is not authorized to perform: ec2:CreateTags on resource: ${resource.replace(/[*]/g, '\\*')} because no ` +
          'identity-based policy allows the ec2:CreateTags action\\. Encoded authorization failure message: \\S+$',
      ),
    )
    const { DecodedMessage } = await decode(emu, admin, BLOB.exec(denial.message)![1]!)
    const decoded = JSON.parse(DecodedMessage!)
    expect(decoded).toMatchObject({
      allowed: false,
      explicitDeny: false,
      matchedStatements: { items: [] },
      failures: { items: [] },
      context: {
        principal: { arn: `arn:aws:sts::${accountId}:assumed-role/harness-minimal/test` },
        action: 'ec2:CreateTags',
        resource,
      },
    })
    expect(decoded.context.conditions.items).toEqual(
      expect.arrayContaining([
        { key: 'ec2:CreateAction', values: { items: [{ value: 'RunInstances' }] } },
        { key: 'aws:RequestTag/team', values: { items: [{ value: 'harness' }] } },
      ]),
    )
  })

  it('answers DryRunOperation once ec2:CreateTags is allowed for RunInstances', async () => {
    const policy = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' },
        {
          Effect: 'Allow',
          Action: 'ec2:CreateTags',
          Resource: '*',
          Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
        },
      ],
    }
    const { accountId, credentials } = await minimalSession(emu, policy)
    const input = await taggedDryRun(emu, await memberAdmin(emu, accountId))
    const answer = await rejection(
      new EC2Client(emu.clientConfig(REGION, credentials)).send(new RunInstancesCommand(input)),
    )
    expect(answer.name).toBe('DryRunOperation')
  })

  it('decodes only for the same account, and refuses unknown messages', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['ec2:RunInstances']))
    const admin = await memberAdmin(emu, accountId)
    const denial = await rejection(
      new EC2Client(emu.clientConfig(REGION, credentials)).send(
        new RunInstancesCommand(await taggedDryRun(emu, admin)),
      ),
    )
    const blob = BLOB.exec(denial.message)![1]!
    const expected = {
      name: 'InvalidAuthorizationMessageException',
      status: 400,
      message: 'The message is invalid or expired.',
    }
    const other = await minimalSession(emu, allow(['sts:DecodeAuthorizationMessage']))
    expect(await rejection(decode(emu, other.credentials, blob))).toEqual(expected)
    expect(await rejection(decode(emu, admin, 'not-a-message'))).toEqual(expected)
  })
})

describe('EC2 encoded authorization failure messages (before the verbose wording)', () => {
  const emu = withEmulator({ date: '2023-03-01T00:00:00Z' })

  it('carries only the encoded blob', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['ec2:RunInstances']))
    const input = await taggedDryRun(emu, await memberAdmin(emu, accountId))
    const denial = await rejection(
      new EC2Client(emu.clientConfig(REGION, credentials)).send(new RunInstancesCommand(input)),
    )
    expect(denial.message).toMatch(
      /^You are not authorized to perform this operation\. Encoded authorization failure message: [\w-]+$/,
    )
  })
})

describe('the encoded blob', () => {
  it("is as long as AWS's, and never reads as a credential to the run record's secret check", () => {
    const state = {} as EmulatorState
    const blobs = Array.from({ length: 2000 }, () => encodeAuthorizationMessage(state, '123456789012', '{}'))
    expect(blobs.every((blob) => blob.length >= 1000 && /^[A-Za-z0-9_-]+$/.test(blob))).toBe(true)
    // A message carrying it is stored in run records, which refuse anything shaped like a secret.
    const shaped = blobs.filter((blob) => findSecretShapes(`Encoded authorization failure message: ${blob}`).length > 0)
    expect(shaped).toEqual([])
  })
})
