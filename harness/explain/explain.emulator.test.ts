/**
 * `explain` on real denials: every service the emulator speaks is called through its real SDK client by a
 * role that may do nothing, and both the SDK error's message and the CloudTrail record of the same call
 * must explain to the action AWS checked. The emulator's date is pinned (2026: reason clauses, verbose EC2).
 */
import { AccountClient, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { DescribeImagesCommand, EC2Client, RunInstancesCommand } from '@aws-sdk/client-ec2'
import { CreateRepositoryCommand, ECRClient } from '@aws-sdk/client-ecr'
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { allow, minimalSession, rejection } from '../emulator/authz/test-fixtures.js'
import { memberAdmin } from '../emulator/test-accounts.js'
import { deliverCloudTrail, type TestCredentials, type TestEmulator, withEmulator } from '../emulator/testing.js'
import { explainInput } from './explain-input.js'

const REGION = 'eu-west-1'

interface DeniedCall {
  action: string
  /** Default: no-identity-policy. */
  cause?: string
  /** Global services record their events in us-east-1. */
  global?: boolean
  call: (emu: TestEmulator, credentials: TestCredentials, accountId: string) => Promise<unknown>
}

const config = (emu: TestEmulator, credentials: TestCredentials, region = REGION) =>
  emu.clientConfig(region, credentials)

const CALLS: DeniedCall[] = [
  {
    action: 'logs:CreateLogGroup',
    call: (emu, c) => new CloudWatchLogsClient(config(emu, c)).send(new CreateLogGroupCommand({ logGroupName: 'lg' })),
  },
  {
    action: 'ecr:CreateRepository',
    call: (emu, c) => new ECRClient(config(emu, c)).send(new CreateRepositoryCommand({ repositoryName: 'repo' })),
  },
  {
    action: 'iam:CreateRole',
    global: true,
    call: (emu, c) =>
      new IAMClient(config(emu, c, 'us-east-1')).send(
        new CreateRoleCommand({ RoleName: 'r', AssumeRolePolicyDocument: '{"Version":"2012-10-17","Statement":[]}' }),
      ),
  },
  {
    action: 'ssm:GetParameter',
    call: (emu, c) => new SSMClient(config(emu, c)).send(new GetParameterCommand({ Name: '/app/setting' })),
  },
  {
    action: 'organizations:ListAccounts',
    global: true,
    call: (emu, c) => new OrganizationsClient(config(emu, c, 'us-east-1')).send(new ListAccountsCommand({})),
  },
  {
    action: 'account:GetRegionOptStatus',
    global: true,
    call: (emu, c) =>
      new AccountClient(config(emu, c, 'us-east-1')).send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' })),
  },
  {
    action: 'sts:AssumeRole',
    cause: 'role-trust-policy',
    call: (emu, c, accountId) =>
      new STSClient(config(emu, c)).send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'explain',
        }),
      ),
  },
  {
    action: 'cloudtrail:LookupEvents',
    call: (emu, c) => new CloudTrailClient(config(emu, c)).send(new LookupEventsCommand({})),
  },
]

describe('harness explain on denials from every emulated service', () => {
  const emu = withEmulator({ date: '2026-06-01' })

  it('names the action, the cause and a statement from the SDK message and from the CloudTrail record', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['sts:GetCallerIdentity']), { region: REGION })
    const admin = await memberAdmin(emu, accountId)
    for (const { action, call, cause = 'no-identity-policy' } of CALLS) {
      const denial = await rejection(call(emu, credentials, accountId))
      const { explanations } = await explainInput({ kind: 'message', text: denial.message }, undefined)
      expect({ action, explanation: explanations[0] }).toMatchObject({
        action,
        explanation: { readable: true, action, cause, statement: { Action: [action] } },
      })
    }
    const records = [...(await lookupDenials(emu, admin, REGION)), ...(await lookupDenials(emu, admin, 'us-east-1'))]
    const explained = await explainInput({ kind: 'cloudtrail', records }, undefined)
    const actions = explained.explanations.map((e) => e.action).sort()
    expect(actions).toEqual(CALLS.map((c) => c.action).sort())
    expect(explained.explanations.every((e) => e.input === 'cloudtrail-event' && e.readable)).toBe(true)
  })

  it('EC2 RunInstances without ec2:CreateTags: the extra permission, scoped to the creating call and what it tags', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['ec2:RunInstances']), { region: REGION })
    const admin = await memberAdmin(emu, accountId)
    const { Images } = await new EC2Client(config(emu, admin)).send(new DescribeImagesCommand({ Owners: ['amazon'] }))
    const denial = await rejection(
      new EC2Client(config(emu, credentials)).send(
        new RunInstancesCommand({
          ImageId: Images![0]!.ImageId!,
          InstanceType: 't3.micro',
          MinCount: 1,
          MaxCount: 1,
          DryRun: true,
          TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'harness' }] }],
        }),
      ),
    )
    expect(denial.name).toBe('UnauthorizedOperation')
    const records = await lookupDenials(emu, admin, REGION)
    const { explanations } = await explainInput({ kind: 'cloudtrail', records }, undefined)
    expect(explanations).toHaveLength(1)
    expect(explanations[0]).toMatchObject({
      action: 'ec2:CreateTags',
      operation: 'RunInstances',
      extraPermission: 'ec2:CreateTags',
      resource: `arn:aws:ec2:${REGION}:${accountId}:instance/*`,
      // Every type RunInstances can tag: AWS names the instance only, and would refuse the volume next.
      statement: {
        Resource: [
          `arn:aws:ec2:${REGION}:${accountId}:instance/*`,
          `arn:aws:ec2:${REGION}:${accountId}:volume/*`,
          `arn:aws:ec2:${REGION}:${accountId}:network-interface/*`,
          `arn:aws:ec2:${REGION}:${accountId}:spot-instances-request/*`,
        ],
        Condition: { StringEquals: { 'ec2:CreateAction': 'RunInstances' } },
      },
    })
  })
})

/** LookupEvents in the member account as its admin; every record, newest first. */
async function lookupDenials(emu: TestEmulator, admin: TestCredentials, region: string) {
  await deliverCloudTrail(emu)
  const trail = new CloudTrailClient(config(emu, admin, region))
  const records: object[] = []
  let NextToken: string | undefined
  do {
    const page = await trail.send(new LookupEventsCommand({ NextToken }))
    records.push(...(page.Events ?? []).map((event) => JSON.parse(event.CloudTrailEvent!)))
    NextToken = page.NextToken
  } while (NextToken)
  return records
}
