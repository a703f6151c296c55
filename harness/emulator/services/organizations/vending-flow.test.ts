/**
 * The "done when" path of issue 2 through unmodified SDK clients: vend an account, assume its
 * OrganizationAccountAccessRole via regional STS, enable ap-east-1, create a role with an inline
 * policy and assume it once IAM propagation has passed.
 */
import { AccountClient, EnableRegionCommand, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam'
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { asCredentials } from '../../test-accounts.js'
import { advanceClock, failure, until, withEmulator } from '../../testing.js'

describe('account vending flow', () => {
  const emu = withEmulator()

  it('Given test/test, when an account is vended and a role assumed in it, then ap-east-1 can be enabled and a new role assumed after propagation', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    const created = await org.send(new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'dev' }))
    expect(created.CreateAccountStatus?.State).toBe('IN_PROGRESS')
    expect(created.CreateAccountStatus?.Id).toMatch(/^car-[a-z0-9]{8,32}$/)

    const status = await until(
      () =>
        org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! })),
      (out) => out.CreateAccountStatus?.State !== 'IN_PROGRESS',
    )
    expect(status.CreateAccountStatus?.State).toBe('SUCCEEDED')
    const accountId = status.CreateAccountStatus!.AccountId!
    expect(accountId).toMatch(/^\d{12}$/)

    // OrganizationAccountAccessRole becomes assumable a while after SUCCEEDED (lifecycle.test.ts).
    await advanceClock(emu, emu.state.clock.scaled(emu.state.durations.accountAccessDelayMs))
    const sts = new STSClient(emu.clientConfig('us-east-1'))
    const admin = await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'vend',
      }),
    )
    expect(admin.Credentials?.AccessKeyId).toMatch(/^ASIA/)
    expect(admin.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/OrganizationAccountAccessRole/vend`)
    const memberAdmin = asCredentials(admin.Credentials)

    const who = await new STSClient(emu.clientConfig('us-east-1', memberAdmin)).send(new GetCallerIdentityCommand({}))
    expect(who.Account).toBe(accountId)

    const account = new AccountClient(emu.clientConfig('us-east-1', memberAdmin))
    const before = await account.send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' }))
    expect(before.RegionOptStatus).toBe('DISABLED')
    const refused = await failure(
      new STSClient(emu.clientConfig('ap-east-1', memberAdmin)).send(new GetCallerIdentityCommand({})),
    )
    expect(refused.name).toBe('InvalidClientTokenId')
    expect(refused.$metadata.httpStatusCode).toBe(403)
    // An hour of enabling (3.6 s on this clock) cannot finish between two calls; the clock moves it on.
    emu.state.durations.enableRegionMs = 3_600_000
    await account.send(new EnableRegionCommand({ RegionName: 'ap-east-1' }))
    const enabling = await account.send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' }))
    expect(enabling.RegionOptStatus).toBe('ENABLING')
    await advanceClock(emu, emu.state.clock.scaled(3_600_000))
    const enabled = await account.send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' }))
    expect(enabled.RegionOptStatus).toBe('ENABLED')
    // Services answer a short settle delay after ENABLED (region-limits.test.ts).
    await advanceClock(emu, emu.state.clock.scaled(emu.state.durations.regionSettleMs))

    const iam = new IAMClient(emu.clientConfig('us-east-1', memberAdmin))
    const trust = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }],
    })
    const role = await iam.send(new CreateRoleCommand({ RoleName: 'harness-minimal', AssumeRolePolicyDocument: trust }))
    expect(role.Role?.Arn).toBe(`arn:aws:iam::${accountId}:role/harness-minimal`)
    expect(role.Role?.RoleId).toMatch(/^AROA/)
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'harness-minimal',
        PolicyName: 'minimal',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'logs:CreateLogGroup', Resource: '*' }],
        }),
      }),
    )

    const regional = new STSClient(emu.clientConfig('ap-east-1', memberAdmin))
    const minimal = await until(
      () =>
        regional
          .send(new AssumeRoleCommand({ RoleArn: role.Role!.Arn!, RoleSessionName: 'minimal', DurationSeconds: 900 }))
          .catch((error: Error) => error),
      (out) => !(out instanceof Error) || out.name !== 'AccessDenied',
    )
    if (minimal instanceof Error) throw minimal
    expect(minimal.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${accountId}:assumed-role/harness-minimal/minimal`)
    const inRegion = new STSClient(emu.clientConfig('ap-east-1', asCredentials(minimal.Credentials)))
    expect((await inRegion.send(new GetCallerIdentityCommand({}))).Arn).toBe(minimal.AssumedRoleUser?.Arn)
  })
})
