/**
 * Test fixtures for authorization tests, all through real SDK clients: in a member account vended
 * with test-accounts.ts, create a role carrying a given policy and assume it once IAM propagation
 * has passed.
 */
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand, type Tag } from '@aws-sdk/client-iam'
import { assumeRole, memberAdmin, vendAccount } from '../test-accounts.js'
import { ADMIN_CREDENTIALS, controlHeaders, failure, type TestCredentials, type TestEmulator } from '../testing.js'

export const MANAGEMENT = '111111111111'

export interface RoleSpec {
  roleName: string
  /** Inline identity policy document. */
  policy: object
  /** Trust policy; default trusts the management account (so the admin assumes it directly). */
  trust?: object
  permissionsBoundary?: string
  tags?: Tag[]
}

/** A trust policy letting principals of `accountId` perform `action` (default sts:AssumeRole) on the role. */
export const trustAccount = (accountId: string, action: string | string[] = 'sts:AssumeRole') => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId}:root` }, Action: action }],
})

/** A policy document of `statements`. */
export const policy = (...statements: object[]) => ({ Version: '2012-10-17', Statement: statements })

/** One Allow statement, with a Condition block when given. */
export const allowStatement = (action: string | string[], resource: string | string[] = '*', condition?: object) => ({
  Effect: 'Allow',
  Action: action,
  Resource: resource,
  ...(condition ? { Condition: condition } : {}),
})

/** A policy document allowing `actions` on `resource`. */
export const allow = (actions: string[], resource = '*') => policy(allowStatement(actions, resource))

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
  return assumeRole(emu, ADMIN_CREDENTIALS, { RoleArn: roleArn }, region)
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
  const error = await failure(promise)
  return { name: error.name, message: error.message, status: error.$metadata?.httpStatusCode }
}

/** POST /_emulator/clock */
export async function setClock(emu: TestEmulator, date: string): Promise<void> {
  const response = await fetch(`${emu.endpoint}/_emulator/clock`, {
    method: 'POST',
    headers: controlHeaders(emu.controlToken),
    body: JSON.stringify({ date }),
  })
  if (response.status !== 200) throw new Error(`POST /_emulator/clock answered ${response.status}`)
}
