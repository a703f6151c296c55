/**
 * Accounts and sessions for tests, all through real SDK clients against the emulator:
 *
 *   const accountId = await vendAccount(emu)                   // Organizations CreateAccount, waited for
 *   const admin = await memberAdmin(emu, accountId)            // its OrganizationAccountAccessRole
 *   const session = await assumeRole(emu, admin, { RoleArn })  // retried while the role propagates
 *   await enableRegion(emu, 'ap-east-1', accountId)            // EnableRegion, waited for ENABLED
 */
import { AccountClient, EnableRegionCommand, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, type AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts'
import { ADMIN_CREDENTIALS, advanceClock, sleep, type TestCredentials, type TestEmulator, until } from './testing.js'

export const asCredentials = (
  c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined,
): TestCredentials => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
})

let vended = 0

/** CreateAccount and wait for SUCCEEDED and for the account's access role; returns the new account id. The email's local part names the account. */
export async function vendAccount(emu: TestEmulator, email = `member-${++vended}@example.com`): Promise<string> {
  const name = email.split('@')[0]!
  const org = new OrganizationsClient(emu.clientConfig())
  const created = await org.send(new CreateAccountCommand({ Email: email, AccountName: name }))
  const id = created.CreateAccountStatus!.Id!
  const done = await until(
    () => org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id })),
    (out) => out.CreateAccountStatus?.State !== 'IN_PROGRESS',
  )
  if (done.CreateAccountStatus?.State !== 'SUCCEEDED')
    throw new Error(`CreateAccount failed: ${done.CreateAccountStatus?.FailureReason}`)
  // Like a careful client, wait out the delay before OrganizationAccountAccessRole is assumable.
  await advanceClock(emu, emu.state.clock.scaled(emu.state.durations.accountAccessDelayMs))
  return done.CreateAccountStatus.AccountId!
}

/** AssumeRole, retrying AccessDenied while a new or changed role propagates (as a careful client does). */
export async function assumeRole(
  emu: TestEmulator,
  credentials: TestCredentials,
  input: Omit<AssumeRoleCommandInput, 'RoleSessionName'> & { RoleSessionName?: string },
  region = 'us-east-1',
): Promise<TestCredentials> {
  const sts = new STSClient(emu.clientConfig(region, credentials))
  for (let attempt = 0; ; attempt++) {
    try {
      const { Credentials } = await sts.send(new AssumeRoleCommand({ RoleSessionName: 'test', ...input }))
      return asCredentials(Credentials)
    } catch (error) {
      if ((error as Error).name !== 'AccessDenied' || attempt >= 100) throw error
      await sleep(10)
    }
  }
}

/** Credentials of the member account's OrganizationAccountAccessRole, assumed by the management admin. */
export function memberAdmin(emu: TestEmulator, accountId: string, region = 'us-east-1'): Promise<TestCredentials> {
  return assumeRole(
    emu,
    ADMIN_CREDENTIALS,
    { RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole` },
    region,
  )
}

/** EnableRegion as the management admin (for `accountId` when given) and wait until it is ENABLED and settled. */
export async function enableRegion(emu: TestEmulator, region: string, accountId?: string): Promise<void> {
  const account = new AccountClient(emu.clientConfig('us-east-1'))
  await account.send(new EnableRegionCommand({ RegionName: region, AccountId: accountId }))
  await until(
    () => account.send(new GetRegionOptStatusCommand({ RegionName: region, AccountId: accountId })),
    (out) => out.RegionOptStatus === 'ENABLED',
  )
  // Services answer only after the region settles; a careful client waits that out too.
  await advanceClock(emu, emu.state.clock.scaled(emu.state.durations.regionSettleMs))
}
