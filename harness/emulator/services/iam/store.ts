/** Looking up IAM entities of one account: roles by case-insensitive name, policies by ARN. */
import type { AccountRecord, EmulatorState, ManagedPolicyRecord, RoleRecord } from '../../core/state.js'
import { noSuchRole } from './errors.js'

export const roleArn = (accountId: string, path: string, roleName: string): string =>
  `arn:aws:iam::${accountId}:role${path}${roleName}`

export const customerPolicyArn = (accountId: string, path: string, policyName: string): string =>
  `arn:aws:iam::${accountId}:policy${path}${policyName}`

/** The caller's account record; every signed caller has one. */
export function accountOf(state: EmulatorState, accountId: string): AccountRecord {
  const account = state.accounts.get(accountId)
  if (!account) throw new Error(`emulator: no account record for ${accountId}`)
  return account
}

export function findRole(account: AccountRecord, roleName: string): RoleRecord | undefined {
  return account.iam.roles.get(roleName.toLowerCase())
}

export function requireRole(account: AccountRecord, roleName: string): RoleRecord {
  const role = findRole(account, roleName)
  if (!role) throw noSuchRole(roleName)
  return role
}

/** An AWS managed policy or a customer managed policy of this account. */
export function findManagedPolicy(
  state: EmulatorState,
  account: AccountRecord,
  policyArn: string,
): ManagedPolicyRecord | undefined {
  return state.awsManagedPolicies.get(policyArn) ?? account.iam.policies.get(policyArn)
}

/** How many roles and users of the account have this policy attached (or as boundary). */
export function policyUsage(account: AccountRecord, policyArn: string): { attachments: number; boundaries: number } {
  let attachments = 0
  let boundaries = 0
  for (const role of account.iam.roles.values()) {
    if (role.current.attachedPolicyArns.includes(policyArn)) attachments++
    if (role.current.permissionsBoundaryArn === policyArn) boundaries++
  }
  for (const user of account.iam.users.values()) {
    if (user.attachedPolicyArns.includes(policyArn)) attachments++
    if (user.permissionsBoundaryArn === policyArn) boundaries++
  }
  return { attachments, boundaries }
}

/** Role ARN from a name, for authorize() before the role is known to exist. */
export function roleArnForName(state: EmulatorState, accountId: string, roleName: string | undefined): string {
  const account = state.accounts.get(accountId)
  const role = account && roleName ? findRole(account, roleName) : undefined
  return role?.arn ?? roleArn(accountId, '/', roleName ?? '*')
}
