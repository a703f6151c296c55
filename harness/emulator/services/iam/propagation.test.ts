/** IAM eventual consistency: a policy change is visible at once but enforced only after propagation. */
import {
  CreateRoleCommand,
  DeleteRolePolicyCommand,
  IAMClient,
  ListRolesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { MANAGEMENT } from '../../authz/test-fixtures.js'
import { asCredentials } from '../../test-accounts.js'
import { failure, withEmulator } from '../../testing.js'
import { allow, trustAccount } from './test-documents.js'

describe('IAM propagation', () => {
  const emu = withEmulator({ durations: { iamPropagationMs: 3_600_000 } })
  const advance = (ms: number) => emu.state.clock.set(new Date(emu.state.clock.now().getTime() + ms))

  it('Given a new inline policy, then the session is denied until propagation has passed, then allowed', async () => {
    const admin = new IAMClient(emu.clientConfig())
    const role = await admin.send(
      new CreateRoleCommand({ RoleName: 'lagging', AssumeRolePolicyDocument: trustAccount() }),
    )
    await admin.send(
      new PutRolePolicyCommand({
        RoleName: 'lagging',
        PolicyName: 'sts',
        PolicyDocument: allow('sts:GetCallerIdentity'),
      }),
    )
    advance(3_601_000 * 0.001)
    const session = await new STSClient(emu.clientConfig()).send(
      new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'lag' }),
    )
    const asRole = new IAMClient(emu.clientConfig('us-east-1', asCredentials(session.Credentials)))
    await admin.send(
      new PutRolePolicyCommand({ RoleName: 'lagging', PolicyName: 'iam', PolicyDocument: allow('iam:ListRoles') }),
    )
    const early = await failure(asRole.send(new ListRolesCommand({})))
    expect(early.name).toBe('AccessDenied')
    expect(early.message).toContain('is not authorized to perform: iam:ListRoles')
    advance(3_601_000 * 0.001)
    const later = await asRole.send(new ListRolesCommand({}))
    expect(later.Roles?.map((r) => r.RoleName)).toContain('lagging')
  })

  it('Given a removed inline policy, then the session stays allowed until propagation has passed, then is denied', async () => {
    const admin = new IAMClient(emu.clientConfig())
    const role = await admin.send(
      new CreateRoleCommand({ RoleName: 'shrinking', AssumeRolePolicyDocument: trustAccount() }),
    )
    await admin.send(
      new PutRolePolicyCommand({ RoleName: 'shrinking', PolicyName: 'iam', PolicyDocument: allow('iam:ListRoles') }),
    )
    advance(3_601_000 * 0.001)
    const session = await new STSClient(emu.clientConfig()).send(
      new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'shrink' }),
    )
    const asRole = new IAMClient(emu.clientConfig('us-east-1', asCredentials(session.Credentials)))
    await admin.send(new DeleteRolePolicyCommand({ RoleName: 'shrinking', PolicyName: 'iam' }))
    const stale = await asRole.send(new ListRolesCommand({}))
    expect(stale.Roles?.map((r) => r.RoleName)).toContain('shrinking')
    advance(3_601_000 * 0.001)
    const later = await failure(asRole.send(new ListRolesCommand({})))
    expect(later.name).toBe('AccessDenied')
    expect(later.message).toMatch(
      new RegExp(
        `^User: arn:aws:sts::${MANAGEMENT}:assumed-role/shrinking/shrink is not authorized to perform: iam:ListRoles ` +
          'on resource: \\S+ because no identity-based policy allows the iam:ListRoles action$',
      ),
    )
  })

  it('Given a changed trust policy, then the old trust decides until propagation has passed, then the new one', async () => {
    const admin = new IAMClient(emu.clientConfig())
    const sts = new STSClient(emu.clientConfig())
    const role = await admin.send(
      new CreateRoleCommand({ RoleName: 'retrusted', AssumeRolePolicyDocument: trustAccount() }),
    )
    const roleArn = role.Role!.Arn!
    advance(3_601_000 * 0.001)
    const assume = (RoleSessionName: string) => sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName }))
    await admin.send(
      new UpdateAssumeRolePolicyCommand({ RoleName: 'retrusted', PolicyDocument: trustAccount('222222222222') }),
    )
    expect((await assume('before')).AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${MANAGEMENT}:assumed-role/retrusted/before`,
    )
    advance(3_601_000 * 0.001)
    const denied = await failure(assume('after'))
    expect(denied.name).toBe('AccessDenied')
    expect(denied.message).toBe(
      `User: arn:aws:iam::${MANAGEMENT}:user/admin is not authorized to perform: sts:AssumeRole on resource: ${roleArn} ` +
        'because no role trust policy allows the sts:AssumeRole action',
    )
    await admin.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'retrusted', PolicyDocument: trustAccount() }))
    expect((await failure(assume('restored-early'))).name).toBe('AccessDenied')
    advance(3_601_000 * 0.001)
    expect((await assume('restored')).AssumedRoleUser?.Arn).toMatch(/assumed-role\/retrusted\/restored$/)
  })
})
