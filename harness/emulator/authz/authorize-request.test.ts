/**
 * Authorization through real SDK clients: tag-on-create rules per service, the reason clause per
 * deciding policy type, old-style wording before 2021, and the audit trail of checks.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs'
import { CreatePolicyCommand as CreateIamPolicyCommand, CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam'
import {
  AttachPolicyCommand,
  CreateAccountCommand,
  CreatePolicyCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import type { CallRecord } from '../core/state.js'
import { assumeRole, memberAdmin, vendAccount } from '../test-accounts.js'
import { ADMIN_CREDENTIALS, PINNED_DATE, type TestCredentials, type TestEmulator, withEmulator } from '../testing.js'
import {
  allow,
  createRole,
  MANAGEMENT,
  minimalSession,
  rejection,
  trustAccount,
  waitForPolicy,
  waitForPropagation,
} from './test-fixtures.js'

const sessionArn = (accountId: string, role = 'harness-minimal') =>
  `arn:aws:sts::${accountId}:assumed-role/${role}/test`
const createLogGroup = (emu: TestEmulator, credentials: TestCredentials, name = 'lg') =>
  new CloudWatchLogsClient(emu.clientConfig('us-east-1', credentials)).send(
    new CreateLogGroupCommand({ logGroupName: name }),
  )
const logGroupArn = (accountId: string, name = 'lg') =>
  `arn:aws:logs:us-east-1:${accountId}:log-group:${name}:log-stream:`

describe('aws:SecureTransport', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('is true, as for an SDK on AWS’s HTTPS endpoints: the usual Deny on insecure transport denies nothing (QA)', async () => {
    const denyInsecure = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' },
        { Effect: 'Deny', Action: '*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      ],
    }
    const { credentials } = await minimalSession(emu, denyInsecure)
    await expect(createLogGroup(emu, credentials, 'over-tls')).resolves.toBeDefined()
  })
})

describe('tag-on-create authorization', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('IAM CreateRole with Tags needs iam:TagRole', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['iam:CreateRole']))
    const iam = new IAMClient(emu.clientConfig('us-east-1', credentials))
    const input = {
      RoleName: 'tagged',
      AssumeRolePolicyDocument: JSON.stringify(trustAccount(accountId)),
      Tags: [{ Key: 'team', Value: 'harness' }],
    }
    expect(await rejection(iam.send(new CreateRoleCommand(input)))).toEqual({
      name: 'AccessDenied',
      status: 403,
      message:
        `User: ${sessionArn(accountId)} is not authorized to perform: iam:TagRole on resource: ` +
        `arn:aws:iam::${accountId}:role/tagged because no identity-based policy allows the iam:TagRole action`,
    })
    await iam.send(new CreateRoleCommand({ ...input, Tags: undefined }))

    const granted = await minimalSession(emu, allow(['iam:CreateRole', 'iam:TagRole']), { roleName: 'granted' })
    const grantedIam = new IAMClient(emu.clientConfig('us-east-1', granted.credentials))
    await grantedIam.send(new CreateRoleCommand(input))
  })

  it('Organizations CreateAccount with Tags needs organizations:TagResource', async () => {
    const vend = async (roleName: string, actions: string[]) => {
      const arn = await createRole(emu, ADMIN_CREDENTIALS, { roleName, policy: allow(actions) })
      await waitForPropagation(emu, arn)
      return assumeRole(emu, ADMIN_CREDENTIALS, { RoleArn: arn })
    }
    const narrow = await vend('vending-narrow', ['organizations:CreateAccount'])
    const input = { AccountName: 'tagged', Email: 'tagged@example.com', Tags: [{ Key: 'team', Value: 'harness' }] }
    const denial = await rejection(
      new OrganizationsClient(emu.clientConfig('us-east-1', narrow)).send(new CreateAccountCommand(input)),
    )
    expect(denial.name).toBe('AccessDeniedException')
    expect(denial.message).toMatch(
      new RegExp(
        `^User: ${sessionArn(MANAGEMENT, 'vending-narrow')} is not authorized to perform: organizations:TagResource ` +
          'on resource: \\S+ because no identity-based policy allows the organizations:TagResource action$',
      ),
    )
    const broad = await vend('vending-broad', ['organizations:CreateAccount', 'organizations:TagResource'])
    const { CreateAccountStatus } = await new OrganizationsClient(emu.clientConfig('us-east-1', broad)).send(
      new CreateAccountCommand(input),
    )
    expect(CreateAccountStatus?.State).toBe('IN_PROGRESS')
  })
})

/** Attaches an SCP denying logs:CreateLogGroup to the target (account, OU or root); returns the SCP's ARN. */
async function attachDenyingScp(emu: TestEmulator, targetId: string): Promise<string> {
  const org = new OrganizationsClient(emu.clientConfig('us-east-1', ADMIN_CREDENTIALS))
  const { Policy } = await org.send(
    new CreatePolicyCommand({
      Name: 'deny-log-groups',
      Description: 'test',
      Type: 'SERVICE_CONTROL_POLICY',
      Content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'logs:CreateLogGroup', Resource: '*' }],
      }),
    }),
  )
  await org.send(new AttachPolicyCommand({ PolicyId: Policy!.PolicySummary!.Id!, TargetId: targetId }))
  return Policy!.PolicySummary!.Arn!
}

describe('reason clauses per deciding policy type', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('names a service control policy explicit deny, with the policy ARN since 2026', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:*']))
    const scpArn = await attachDenyingScp(emu, accountId)
    expect(await rejection(createLogGroup(emu, credentials))).toEqual({
      name: 'AccessDeniedException',
      status: 400,
      message:
        `User: ${sessionArn(accountId)} is not authorized to perform: logs:CreateLogGroup on resource: ` +
        `${logGroupArn(accountId)} with an explicit deny in a service control policy: ${scpArn}`,
    })
  })

  it('applies an SCP on the root to member accounts but never to the management account', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:*']))
    const { Roots } = await new OrganizationsClient(emu.clientConfig('us-east-1', ADMIN_CREDENTIALS)).send(
      new ListRootsCommand({}),
    )
    await attachDenyingScp(emu, Roots![0]!.Id!)
    expect((await rejection(createLogGroup(emu, credentials))).message).toMatch(
      /with an explicit deny in a service control policy: arn:aws:organizations::/,
    )
    await createLogGroup(emu, ADMIN_CREDENTIALS, 'management-is-exempt')
    const memberAdminCredentials = await memberAdmin(emu, accountId)
    expect((await rejection(createLogGroup(emu, memberAdminCredentials))).name).toBe('AccessDeniedException')
  })

  it('names the permissions boundary', async () => {
    const accountId = await vendAccount(emu)
    const admin = await memberAdmin(emu, accountId)
    const { Policy } = await new IAMClient(emu.clientConfig('us-east-1', admin)).send(
      new CreateIamPolicyCommand({
        PolicyName: 'describe-only',
        PolicyDocument: JSON.stringify(allow(['logs:Describe*'])),
      }),
    )
    const roleArn = await createRole(emu, admin, {
      roleName: 'bounded',
      policy: allow(['logs:*']),
      permissionsBoundary: Policy!.Arn!,
    })
    const credentials = await waitForPolicy(emu, roleArn)
    expect((await rejection(createLogGroup(emu, credentials))).message).toBe(
      `User: ${sessionArn(accountId, 'bounded')} is not authorized to perform: logs:CreateLogGroup on resource: ` +
        `${logGroupArn(accountId)} because no permissions boundary allows the logs:CreateLogGroup action`,
    )
  })

  it('names the session policy, implicit and explicit', async () => {
    const { accountId, roleArn } = await minimalSession(emu, allow(['logs:*']))
    const narrowed = await assumeRole(emu, ADMIN_CREDENTIALS, {
      RoleArn: roleArn,
      Policy: JSON.stringify(allow(['logs:DescribeLogGroups'])),
    })
    expect((await rejection(createLogGroup(emu, narrowed))).message).toBe(
      `User: ${sessionArn(accountId)} is not authorized to perform: logs:CreateLogGroup on resource: ` +
        `${logGroupArn(accountId)} because no session policy allows the logs:CreateLogGroup action`,
    )
    const denying = await assumeRole(emu, ADMIN_CREDENTIALS, {
      RoleArn: roleArn,
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Action: 'logs:*', Resource: '*' },
          { Effect: 'Deny', Action: 'logs:CreateLogGroup', Resource: '*' },
        ],
      }),
    })
    expect((await rejection(createLogGroup(emu, denying))).message).toMatch(
      /with an explicit deny in a sessions policy$/,
    )
  })

  it('names an identity-based explicit deny and records the deciding statement in the audit log', async () => {
    const { accountId, credentials } = await minimalSession(emu, {
      Version: '2012-10-17',
      Statement: [
        { Sid: 'AllowLogs', Effect: 'Allow', Action: 'logs:*', Resource: '*' },
        { Sid: 'NoNewGroups', Effect: 'Deny', Action: 'logs:CreateLogGroup', Resource: '*' },
      ],
    })
    expect((await rejection(createLogGroup(emu, credentials))).message).toMatch(
      /logs:CreateLogGroup on resource: \S+ with an explicit deny in an identity-based policy$/,
    )
    const { calls } = (await (await fetch(`${emu.endpoint}/_emulator/calls?operation=CreateLogGroup`)).json()) as {
      calls: CallRecord[]
    }
    const call = calls.find((entry) => entry.accountId === accountId)!
    expect(call.outcome).toBe('error')
    expect(call.authorization).toEqual([
      expect.objectContaining({
        action: 'logs:CreateLogGroup',
        resource: logGroupArn(accountId),
        reason: 'primary',
        decision: 'ExplicitlyDenied',
        decidedBy: 'identity-based',
        matchedStatements: expect.arrayContaining([
          expect.objectContaining({
            policyType: 'identity-based',
            policyId: 'minimal',
            sid: 'NoNewGroups',
            effect: 'Deny',
          }),
        ]),
      }),
    ])
  })
})

describe('AccessDenied wording before the 2026 policy ARNs', () => {
  const emu = withEmulator({ date: '2025-06-01T00:00:00Z' })

  it('names the policy type only', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:*']))
    await attachDenyingScp(emu, accountId)
    expect((await rejection(createLogGroup(emu, credentials))).message).toBe(
      `User: ${sessionArn(accountId)} is not authorized to perform: logs:CreateLogGroup on resource: ` +
        `${logGroupArn(accountId)} with an explicit deny in a service control policy`,
    )
  })
})

describe('AccessDenied wording before the 2021 reason clauses', () => {
  const emu = withEmulator({ date: '2020-06-01T00:00:00Z' })

  it('has no reason clause', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:DescribeLogGroups']))
    expect((await rejection(createLogGroup(emu, credentials))).message).toBe(
      `User: ${sessionArn(accountId)} is not authorized to perform: logs:CreateLogGroup on resource: ${logGroupArn(accountId)}`,
    )
  })
})
