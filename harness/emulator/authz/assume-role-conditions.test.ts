/**
 * AssumeRole trust conditions and the extra actions a request can need, through the STS SDK
 * client: aws:PrincipalOrgID and aws:SourceIdentity in a trust policy, sts:SetSourceIdentity when
 * SourceIdentity is passed and sts:TagSession when Tags are (IAM UG: both the trust policy and,
 * where it applies, the caller's identity policy must allow them).
 */
import { DescribeOrganizationCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, type AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { assumeRole, memberAdmin, vendAccount } from '../test-accounts.js'
import { ADMIN_CREDENTIALS, PINNED_DATE, type TestCredentials, type TestEmulator, withEmulator } from '../testing.js'
import { allow, createRole, MANAGEMENT, policy, rejection, trustAccount, waitForPropagation } from './test-fixtures.js'

const ADMIN_ARN = `arn:aws:iam::${MANAGEMENT}:user/admin`

/** A trust policy for any AWS principal, allowing `actions` under `condition`. */
const trustAnyone = (actions: string[], condition?: object) =>
  policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: actions, ...(condition ? { Condition: condition } : {}) })

const trustDenial = (callerArn: string, roleArn: string, action: string) => ({
  name: 'AccessDenied',
  status: 403,
  message: `User: ${callerArn} is not authorized to perform: ${action} on resource: ${roleArn} because no role trust policy allows the ${action} action`,
})

async function memberRole(emu: TestEmulator, roleName: string, trust: object): Promise<string> {
  const accountId = await vendAccount(emu)
  const roleArn = await createRole(emu, await memberAdmin(emu, accountId), {
    roleName,
    policy: allow(['logs:*']),
    trust,
  })
  await waitForPropagation(emu, roleArn)
  return roleArn
}

const assume = (emu: TestEmulator, input: Partial<AssumeRoleCommandInput>, credentials = ADMIN_CREDENTIALS) =>
  new STSClient(emu.clientConfig('us-east-1', credentials)).send(
    new AssumeRoleCommand({ RoleSessionName: 'sess', RoleArn: undefined, ...input }),
  )

describe('AssumeRole trust policy conditions', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('Given aws:PrincipalOrgID in the trust policy, then callers of that organization may assume, others not', async () => {
    const { Organization } = await new OrganizationsClient(emu.clientConfig()).send(new DescribeOrganizationCommand({}))
    const orgTrusting = (orgId: string) =>
      trustAnyone(['sts:AssumeRole'], { StringEquals: { 'aws:PrincipalOrgID': orgId } })
    const ours = await memberRole(emu, 'org-wide', orgTrusting(Organization!.Id!))
    const theirs = await memberRole(emu, 'other-org', orgTrusting('o-0000000000'))
    const ok = await assume(emu, { RoleArn: ours })
    expect(ok.AssumedRoleUser?.Arn).toMatch(/:assumed-role\/org-wide\/sess$/)
    expect(await rejection(assume(emu, { RoleArn: theirs }))).toEqual(trustDenial(ADMIN_ARN, theirs, 'sts:AssumeRole'))
  })

  it('Given aws:SourceIdentity in the trust policy, then only the matching SourceIdentity may assume', async () => {
    const roleArn = await memberRole(
      emu,
      'alice-only',
      trustAnyone(['sts:AssumeRole', 'sts:SetSourceIdentity'], { StringEquals: { 'aws:SourceIdentity': 'alice' } }),
    )
    const ok = await assume(emu, { RoleArn: roleArn, SourceIdentity: 'alice' })
    expect(ok.SourceIdentity).toBe('alice')
    for (const SourceIdentity of ['mallory', undefined]) {
      expect(await rejection(assume(emu, { RoleArn: roleArn, SourceIdentity }))).toEqual(
        trustDenial(ADMIN_ARN, roleArn, 'sts:AssumeRole'),
      )
    }
  })
})

describe('AssumeRole with a source identity or session tags', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('Given a trust policy without sts:SetSourceIdentity, then passing SourceIdentity is denied naming it', async () => {
    const roleArn = await memberRole(emu, 'no-source-identity', trustAnyone(['sts:AssumeRole']))
    expect(await rejection(assume(emu, { RoleArn: roleArn, SourceIdentity: 'alice' }))).toEqual(
      trustDenial(ADMIN_ARN, roleArn, 'sts:SetSourceIdentity'),
    )
    expect((await assume(emu, { RoleArn: roleArn })).SourceIdentity).toBeUndefined()
  })

  it('Given a trust policy without sts:TagSession, then passing Tags is denied naming it; with it, allowed', async () => {
    const plain = await memberRole(emu, 'untagged-sessions', trustAnyone(['sts:AssumeRole']))
    const tagging = await memberRole(emu, 'tagged-sessions', trustAnyone(['sts:AssumeRole', 'sts:TagSession']))
    const Tags = [{ Key: 'team', Value: 'harness' }]
    expect(await rejection(assume(emu, { RoleArn: plain, Tags }))).toEqual(
      trustDenial(ADMIN_ARN, plain, 'sts:TagSession'),
    )
    expect(await rejection(assume(emu, { RoleArn: plain, TransitiveTagKeys: ['team'] }))).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('is not authorized to perform: sts:TagSession on resource: '),
    })
    const ok = await assume(emu, { RoleArn: tagging, Tags })
    expect(ok.AssumedRoleUser?.Arn).toMatch(/:assumed-role\/tagged-sessions\/sess$/)
  })

  it("Given a same-account trust naming only the account, then the caller's own policy must allow sts:SetSourceIdentity and sts:TagSession", async () => {
    const accountId = await vendAccount(emu)
    const admin = await memberAdmin(emu, accountId)
    const target = await createRole(emu, admin, {
      roleName: 'target',
      policy: allow(['logs:*']),
      trust: trustAccount(accountId, ['sts:AssumeRole', 'sts:SetSourceIdentity', 'sts:TagSession']),
    })
    const callerRole = await createRole(emu, admin, { roleName: 'caller', policy: allow(['sts:AssumeRole']) })
    await waitForPropagation(emu, target)
    await waitForPropagation(emu, callerRole)
    const caller: TestCredentials = await assumeRole(emu, ADMIN_CREDENTIALS, { RoleArn: callerRole })
    const callerArn = `arn:aws:sts::${accountId}:assumed-role/caller/test`
    const identityDenial = (action: string) =>
      `User: ${callerArn} is not authorized to perform: ${action} on resource: ${target} ` +
      `because no identity-based policy allows the ${action} action`
    expect((await rejection(assume(emu, { RoleArn: target, SourceIdentity: 'alice' }, caller))).message).toBe(
      identityDenial('sts:SetSourceIdentity'),
    )
    expect((await rejection(assume(emu, { RoleArn: target, Tags: [{ Key: 'k', Value: 'v' }] }, caller))).message).toBe(
      identityDenial('sts:TagSession'),
    )
    expect((await assume(emu, { RoleArn: target }, caller)).AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${accountId}:assumed-role/target/sess`,
    )
  })
})
