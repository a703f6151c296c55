/** Helpers shared by the Organizations / Account / IAM / STS SDK tests (not part of the emulator). */
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import type { TestCredentials, TestEmulator } from '../../testing.js'

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls `probe` until `done`; emulator durations are scaled, so this ends quickly. */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean, attempts = 300): Promise<T> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const value = await probe()
    if (done(value)) return value
    await sleep(10)
  }
  throw new Error('condition never reached')
}

/** What an SDK call threw (fails the test when it succeeded). */
export async function failure(
  promise: Promise<unknown>,
): Promise<Error & { $metadata: { httpStatusCode?: number }; [k: string]: any }> {
  try {
    await promise
  } catch (error) {
    return error as any
  }
  throw new Error('expected the call to fail')
}

export const asCredentials = (
  c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string } | undefined,
): TestCredentials => ({
  accessKeyId: c!.AccessKeyId!,
  secretAccessKey: c!.SecretAccessKey!,
  sessionToken: c!.SessionToken!,
})

/** CreateAccount and wait for SUCCEEDED; returns the new account id. */
export async function vendAccount(emu: TestEmulator, email: string, name = email.split('@')[0]!): Promise<string> {
  const org = new OrganizationsClient(emu.clientConfig())
  const created = await org.send(new CreateAccountCommand({ Email: email, AccountName: name }))
  const id = created.CreateAccountStatus!.Id!
  const done = await until(
    () => org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id })),
    (out) => out.CreateAccountStatus?.State !== 'IN_PROGRESS',
  )
  if (done.CreateAccountStatus?.State !== 'SUCCEEDED')
    throw new Error(`vending failed: ${done.CreateAccountStatus?.FailureReason}`)
  return done.CreateAccountStatus.AccountId!
}

/** Credentials of the member account's OrganizationAccountAccessRole, via regional STS. */
export async function memberAdmin(
  emu: TestEmulator,
  accountId: string,
  region = 'us-east-1',
): Promise<TestCredentials> {
  const sts = new STSClient(emu.clientConfig(region))
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
      RoleSessionName: 'admin',
    }),
  )
  return asCredentials(out.Credentials)
}
