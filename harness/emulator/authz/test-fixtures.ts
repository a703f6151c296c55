/**
 * Test fixtures for authorization tests, all through real SDK clients: vend a member account with
 * Organizations CreateAccount, create a role carrying a given policy in it, and assume roles
 * (retrying the AccessDenied AWS answers until IAM propagation has passed).
 */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand, type Tag } from '@aws-sdk/client-iam'
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, type AssumeRoleCommandInput, STSClient } from '@aws-sdk/client-sts'
import type { TestCredentials, TestEmulator } from '../testing.js'

export const MANAGEMENT = '111111111111'
let accountCounter = 0

export async function vendAccount(emu: TestEmulator, input: { name?: string } = {}): Promise<string> {
  const org = new OrganizationsClient(emu.clientConfig('us-east-1'))
  accountCounter++
  const name = input.name ?? `member-${accountCounter}`
  const { CreateAccountStatus } = await org.send(
    new CreateAccountCommand({ AccountName: name, Email: `${name}-${Date.now()}-${accountCounter}@example.com` }),
  )
  for (let attempt = 0; attempt < 200; attempt++) {
    const { CreateAccountStatus: status } = await org.send(
      new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: CreateAccountStatus!.Id! }),
    )
    if (status?.State === 'SUCCEEDED') return status.AccountId!
    if (status?.State === 'FAILED') throw new Error(`CreateAccount failed: ${status.FailureReason}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('CreateAccount did not complete')
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
      return {
        accessKeyId: Credentials!.AccessKeyId!,
        secretAccessKey: Credentials!.SecretAccessKey!,
        sessionToken: Credentials!.SessionToken!,
      }
    } catch (error) {
      if ((error as Error).name !== 'AccessDenied' || attempt >= 100) throw error
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}

/** Credentials of the member account's OrganizationAccountAccessRole, assumed by the management admin. */
export function memberAdmin(emu: TestEmulator, accountId: string, region = 'us-east-1'): Promise<TestCredentials> {
  return assumeRole(
    emu,
    { accessKeyId: 'test', secretAccessKey: 'test' },
    { RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole` },
    region,
  )
}

export interface RoleSpec {
  roleName: string
  /** Inline identity policy document. */
  policy: object
  /** Trust policy; default trusts the management account (so the admin assumes it directly). */
  trust?: object
  permissionsBoundary?: string
  tags?: Tag[]
}

export const trustAccount = (accountId: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: 'sts:AssumeRole' }],
})

export const allow = (actions: string[], resource = '*') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: actions, Resource: resource }],
})

/** Creates the role with its inline policy in the member account; returns the role ARN. */
export async function createRole(emu: TestEmulator, adminOfAccount: TestCredentials, spec: RoleSpec): Promise<string> {
  const iam = new IAMClient(emu.clientConfig('us-east-1', adminOfAccount))
  const { Role } = await iam.send(
    new CreateRoleCommand({
      RoleName: spec.roleName,
      AssumeRolePolicyDocument: JSON.stringify(spec.trust ?? trustAccount(MANAGEMENT)),
      PermissionsBoundary: spec.permissionsBoundary,
      Tags: spec.tags,
    }),
  )
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: spec.roleName,
      PolicyName: 'minimal',
      PolicyDocument: JSON.stringify(spec.policy),
    }),
  )
  return Role!.Arn!
}

/** A fresh member account with one role holding `policy`, and that role's session credentials. */
export async function minimalSession(
  emu: TestEmulator,
  policy: object,
  options: { accountId?: string; region?: string; roleName?: string } = {},
) {
  const accountId = options.accountId ?? (await vendAccount(emu))
  const admin = await memberAdmin(emu, accountId)
  const roleName = options.roleName ?? 'harness-minimal'
  const roleArn = await createRole(emu, admin, { roleName, policy })
  const credentials = await waitForPolicy(emu, roleArn, options.region)
  return { accountId, roleArn, credentials }
}

/** Assumes the role once its latest change (e.g. the inline policy) has propagated too. */
export async function waitForPolicy(emu: TestEmulator, roleArn: string, region = 'us-east-1') {
  await waitForPropagation(emu, roleArn)
  return assumeRole(emu, { accessKeyId: 'test', secretAccessKey: 'test' }, { RoleArn: roleArn }, region)
}

/** Waits (on the emulator's own clock, no fixed sleeps) until every change to the role is in effect. */
export async function waitForPropagation(emu: TestEmulator, roleArn: string): Promise<void> {
  const [, , , , accountId, resource] = roleArn.split(':')
  const role = emu.state.accounts.get(accountId!)?.iam.roles.get(resource!.split('/').pop()!.toLowerCase())
  const last = role?.versions.at(-1)?.effectiveAt.getTime() ?? 0
  while (emu.state.clock.now().getTime() < last) await new Promise((resolve) => setTimeout(resolve, 2))
}

export interface Rejection {
  name: string
  message: string
  status: number | undefined
}

/** The SDK error a call fails with (fails the test if the call succeeds). */
export async function rejection(promise: Promise<unknown>): Promise<Rejection> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as Error & { $metadata?: { httpStatusCode?: number } },
  )
  if (!error) throw new Error('expected the call to fail')
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode }
}

/** POST /_emulator/clock */
export async function setClock(emu: TestEmulator, date: string): Promise<void> {
  const response = await fetch(`${emu.endpoint}/_emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ date }),
  })
  if (response.status !== 200) throw new Error(`POST /_emulator/clock answered ${response.status}`)
}
