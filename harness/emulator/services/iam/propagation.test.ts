/** IAM eventual consistency: a policy change is visible at once but enforced only after propagation. */
import { CreateRoleCommand, IAMClient, ListRolesCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
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
})
