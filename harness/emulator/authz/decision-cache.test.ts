/**
 * Remembered decisions are never stale: through real SDK clients, a caller's second call is decided
 * by whatever changed in between (its role's policy, a permissions boundary, an SCP), and a policy
 * reading the request context is evaluated afresh on every call.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import {
  CreatePolicyCommand as CreateIamPolicyCommand,
  IAMClient,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam'
import {
  AttachPolicyCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { assumeRole, memberAdmin } from '../test-accounts.js'
import { ADMIN_CREDENTIALS, PINNED_DATE, type TestCredentials, type TestEmulator, withEmulator } from '../testing.js'
import { policySetKey } from './decision-cache.js'
import { parsedPolicy } from './policy-sources.js'
import { allow, allowStatement, minimalSession, policy, rejection, setClock, waitForPolicy } from './test-fixtures.js'

// The same check (action, resource, caller) on every call, so a remembered decision would answer it.
const describeLogGroups = (emu: TestEmulator, credentials: TestCredentials) =>
  new CloudWatchLogsClient(emu.clientConfig('us-east-1', credentials)).send(new DescribeLogGroupsCommand({}))
const denied = async (emu: TestEmulator, credentials: TestCredentials) =>
  (await rejection(describeLogGroups(emu, credentials))).name

describe('remembered authorization decisions', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it("follow a change to the role's policy once it has propagated, both ways", async () => {
    const { accountId, roleArn, credentials } = await minimalSession(emu, allow(['logs:DescribeLogGroups']))
    await describeLogGroups(emu, credentials)
    await describeLogGroups(emu, credentials)
    const iam = new IAMClient(emu.clientConfig('us-east-1', await memberAdmin(emu, accountId)))
    const putPolicy = (actions: string[]) =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: 'harness-minimal',
          PolicyName: 'minimal',
          PolicyDocument: JSON.stringify(allow(actions)),
        }),
      )
    await putPolicy(['logs:CreateLogGroup'])
    const narrowed = await waitForPolicy(emu, roleArn)
    expect(await denied(emu, narrowed)).toBe('AccessDeniedException')
    await putPolicy(['logs:DescribeLogGroups'])
    await describeLogGroups(emu, await waitForPolicy(emu, roleArn))
  })

  it('tell resources apart when a policy names some', async () => {
    const create = (credentials: TestCredentials, name: string) =>
      new CloudWatchLogsClient(emu.clientConfig('us-east-1', credentials)).send(
        new CreateLogGroupCommand({ logGroupName: name }),
      )
    const { credentials } = await minimalSession(
      emu,
      allow(['logs:CreateLogGroup'], 'arn:aws:logs:*:*:log-group:team-*'),
    )
    await create(credentials, 'team-1')
    await create(credentials, 'team-2')
    expect((await rejection(create(credentials, 'other'))).name).toBe('AccessDeniedException')
  })

  it('follow a permissions boundary put on the role between two calls', async () => {
    const { accountId, roleArn, credentials } = await minimalSession(emu, allow(['logs:*']))
    await describeLogGroups(emu, credentials)
    const iam = new IAMClient(emu.clientConfig('us-east-1', await memberAdmin(emu, accountId)))
    const { Policy } = await iam.send(
      new CreateIamPolicyCommand({
        PolicyName: 'create-only',
        PolicyDocument: JSON.stringify(allow(['logs:CreateLogGroup'])),
      }),
    )
    await iam.send(
      new PutRolePermissionsBoundaryCommand({ RoleName: 'harness-minimal', PermissionsBoundary: Policy!.Arn! }),
    )
    expect(await denied(emu, await waitForPolicy(emu, roleArn))).toBe('AccessDeniedException')
  })

  it('follow the session policy of a new session with the same name', async () => {
    const { roleArn } = await minimalSession(emu, allow(['logs:*']))
    const session = (actions: string[]) =>
      assumeRole(emu, ADMIN_CREDENTIALS, { RoleArn: roleArn, Policy: JSON.stringify(allow(actions)) })
    const first = await session(['logs:DescribeLogGroups'])
    await describeLogGroups(emu, first)
    await describeLogGroups(emu, first)
    expect(await denied(emu, await session(['logs:CreateLogGroup']))).toBe('AccessDeniedException')
  })

  it('follow an SCP attached and detached between calls', async () => {
    const { accountId, credentials } = await minimalSession(emu, allow(['logs:*']))
    await describeLogGroups(emu, credentials)
    const org = new OrganizationsClient(emu.clientConfig('us-east-1', ADMIN_CREDENTIALS))
    const { Policy } = await org.send(
      new CreatePolicyCommand({
        Name: 'deny-describe-log-groups',
        Description: 'test',
        Type: 'SERVICE_CONTROL_POLICY',
        Content: JSON.stringify(policy({ Effect: 'Deny', Action: 'logs:DescribeLogGroups', Resource: '*' })),
      }),
    )
    const target = { PolicyId: Policy!.PolicySummary!.Id!, TargetId: accountId }
    await org.send(new AttachPolicyCommand(target))
    expect(await denied(emu, credentials)).toBe('AccessDeniedException')
    await org.send(new DetachPolicyCommand(target))
    await describeLogGroups(emu, credentials)
  })

  it('are not kept for a policy that reads the request context (aws:CurrentTime)', async () => {
    const until = allowStatement('logs:DescribeLogGroups', '*', {
      DateLessThan: { 'aws:CurrentTime': '2026-06-02T00:00:00Z' },
    })
    const { roleArn, credentials } = await minimalSession(emu, policy(until))
    await describeLogGroups(emu, credentials)
    await describeLogGroups(emu, credentials)
    await setClock(emu, '2026-06-03T00:00:00Z')
    // The same session name and role: only the time differs (the earlier session expired meanwhile).
    expect(await denied(emu, await waitForPolicy(emu, roleArn))).toBe('AccessDeniedException')
  })
})

describe('policySetKey', () => {
  const named = (id: string, document: object) => ({ id, document: parsedPolicy(JSON.stringify(document)) })

  it('differs when a document, a name or the place of a policy differs', () => {
    const a = named('a', allow(['logs:*']))
    const b = named('a', allow(['logs:CreateLogGroup']))
    const keys = [
      policySetKey({ identityPolicies: [a] }),
      policySetKey({ identityPolicies: [b] }),
      policySetKey({ identityPolicies: [{ ...a, id: 'other' }] }),
      policySetKey({ identityPolicies: [], permissionsBoundary: a }),
      policySetKey({ identityPolicies: [a], serviceControlPolicies: [[b]] }),
      policySetKey({ identityPolicies: [a], serviceControlPolicies: [[], [b]] }),
      policySetKey({ identityPolicies: [a], sessionPolicies: [b] }),
    ]
    expect(new Set(keys.map((key) => key?.key)).size).toBe(keys.length)
    expect(policySetKey({ identityPolicies: [named('a', allow(['logs:*']))] })).toEqual(keys[0])
  })

  it('is undefined when any statement has a Condition or a policy variable', () => {
    const plain = named('plain', allow(['logs:*']))
    const conditional = named('c', policy(allowStatement('s3:*', '*', { Bool: { 'aws:SecureTransport': 'true' } })))
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, not a JS template
    const variable = named('v', policy(allowStatement('s3:*', 'arn:aws:s3:::${aws:username}/*')))
    expect(policySetKey({ identityPolicies: [plain, conditional] })).toBeUndefined()
    expect(policySetKey({ identityPolicies: [plain], permissionsBoundary: variable })).toBeUndefined()
    expect(policySetKey({ identityPolicies: [plain], serviceControlPolicies: [[conditional]] })).toBeUndefined()
    expect(policySetKey({ identityPolicies: [plain] })).toBeDefined()
  })

  it('says whether the resource matters: it does unless every Resource is "*"', () => {
    const anywhere = named('anywhere', policy(allowStatement('logs:*', ['arn:aws:logs:*:*:log-group:a', '*'])))
    const one = named('one', allow(['logs:*'], 'arn:aws:logs:*:*:log-group:a'))
    const notResource = named('not', policy({ Effect: 'Deny', Action: 'logs:*', NotResource: 'arn:aws:logs:*:*:*' }))
    expect(policySetKey({ identityPolicies: [anywhere] })?.resourceMatters).toBe(false)
    expect(policySetKey({ identityPolicies: [anywhere], permissionsBoundary: one })?.resourceMatters).toBe(true)
    expect(
      policySetKey({ identityPolicies: [anywhere], serviceControlPolicies: [[notResource]] })?.resourceMatters,
    ).toBe(true)
  })
})
