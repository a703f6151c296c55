/**
 * AssumeRole authorization through the STS SDK client: trust policy conditions (ExternalId),
 * IAM propagation of new roles, cross-account identity requirements and the reason clause.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { assumeRole, memberAdmin, vendAccount } from '../test-accounts.js'
import { ADMIN_CREDENTIALS, PINNED_DATE, withEmulator } from '../testing.js'
import { allow, createRole, MANAGEMENT, rejection, trustAccount, waitForPropagation } from './test-fixtures.js'

describe('sts:AssumeRole authorization', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('refuses a wrong or missing ExternalId with the role-trust reason, accepts the right one', async () => {
    const accountId = await vendAccount(emu)
    const admin = await memberAdmin(emu, accountId)
    const trust = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${MANAGEMENT}:root` },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': 'expected-id' } },
        },
      ],
    }
    const roleArn = await createRole(emu, admin, { roleName: 'partner', policy: allow(['logs:*']), trust })
    await waitForPropagation(emu, roleArn)
    const sts = new STSClient(emu.clientConfig('us-east-1', ADMIN_CREDENTIALS))
    const expected = {
      name: 'AccessDenied',
      status: 403,
      message:
        `User: arn:aws:iam::${MANAGEMENT}:user/admin is not authorized to perform: sts:AssumeRole on resource: ` +
        `${roleArn} because no role trust policy allows the sts:AssumeRole action`,
    }
    for (const ExternalId of ['wrong-id', undefined]) {
      const attempt = sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess', ExternalId }))
      expect(await rejection(attempt)).toEqual(expected)
    }
    const ok = await sts.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess', ExternalId: 'expected-id' }),
    )
    expect(ok.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/partner/sess`)
  })

  it('keeps a new role unassumable until IAM propagation has passed', async () => {
    const accountId = await vendAccount(emu)
    const admin = await memberAdmin(emu, accountId)
    // A long propagation delay (the default 10 s × 0.001 is too short to observe): 1 day of AWS time, 86 s here.
    const propagationMs = 24 * 3_600_000
    emu.state.durations.iamPropagationMs = propagationMs
    const roleArn = await createRole(emu, admin, { roleName: 'fresh', policy: allow(['logs:*']) })
    const sts = new STSClient(emu.clientConfig('us-east-1', ADMIN_CREDENTIALS))
    const denial = await rejection(sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' })))
    expect(denial.name).toBe('AccessDenied')
    expect(denial.message).toMatch(
      new RegExp(
        `^User: arn:aws:iam::${MANAGEMENT}:user/admin is not authorized to perform: sts:AssumeRole on resource: `,
      ),
    )
    // Then the clock moves past the propagation delay and the same call succeeds.
    emu.state.clock.set(new Date(emu.state.clock.now().getTime() + emu.state.clock.scaled(propagationMs) + 1000))
    const ok = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' }))
    expect(ok.Credentials?.AccessKeyId).toMatch(/^ASIA/)
  })

  it('needs the caller’s own sts:AssumeRole permission when the trust policy names only its account', async () => {
    const accountId = await vendAccount(emu)
    const admin = await memberAdmin(emu, accountId)
    const target = await createRole(emu, admin, {
      roleName: 'target',
      policy: allow(['logs:*']),
      trust: trustAccount(accountId),
    })
    const callerRole = await createRole(emu, admin, { roleName: 'caller', policy: allow(['logs:*']) })
    await waitForPropagation(emu, target)
    await waitForPropagation(emu, callerRole)
    const caller = await assumeRole(emu, ADMIN_CREDENTIALS, { RoleArn: callerRole })
    const denial = await rejection(
      new STSClient(emu.clientConfig('us-east-1', caller)).send(
        new AssumeRoleCommand({ RoleArn: target, RoleSessionName: 'sess' }),
      ),
    )
    expect(denial.message).toBe(
      `User: arn:aws:sts::${accountId}:assumed-role/caller/test is not authorized to perform: sts:AssumeRole on ` +
        `resource: ${target} because no identity-based policy allows the sts:AssumeRole action`,
    )
  })
})
