/**
 * IAM eventual consistency: every change to a role is visible to the IAM API at once (role.current)
 * but takes effect for authorization only after the simulated propagation delay (role.versions).
 */
import { newIamId } from '../../core/ids.js'
import type { AccountRecord, EmulatorState, RolePermissions, RoleRecord } from '../../core/state.js'
import type { Tag } from '../../core/types.js'
import { roleArn } from './store.js'

const copyPermissions = (permissions: RolePermissions): RolePermissions => ({
  trustPolicy: permissions.trustPolicy,
  inlinePolicies: { ...permissions.inlinePolicies },
  attachedPolicyArns: [...permissions.attachedPolicyArns],
  permissionsBoundaryArn: permissions.permissionsBoundaryArn,
})

/** Applies a change to the role now and schedules it to take effect after propagation. */
export function changeRole(state: EmulatorState, role: RoleRecord, change: (next: RolePermissions) => void): void {
  const next = copyPermissions(role.current)
  change(next)
  role.current = next
  role.versions.push({
    effectiveAt: state.clock.after(state.durations.iamPropagationMs),
    permissions: copyPermissions(next),
  })
}

export interface NewRoleInput {
  roleName: string
  path?: string
  trustPolicy: string
  description?: string
  maxSessionDuration?: number
  permissionsBoundaryArn?: string
  attachedPolicyArns?: string[]
  tags?: Tag[]
  /** Roles made by AWS itself (CreateAccount) are usable at once; API-created ones wait for propagation. */
  effectiveImmediately?: boolean
  /** When the role becomes assumable, if AWS decides it otherwise (OrganizationAccountAccessRole). */
  effectiveAt?: Date
  createdAt?: Date
}

export function createRoleRecord(state: EmulatorState, account: AccountRecord, input: NewRoleInput): RoleRecord {
  const createdAt = input.createdAt ?? state.clock.now()
  const path = input.path ?? '/'
  const permissions: RolePermissions = {
    trustPolicy: input.trustPolicy,
    inlinePolicies: {},
    attachedPolicyArns: [...(input.attachedPolicyArns ?? [])],
    permissionsBoundaryArn: input.permissionsBoundaryArn,
  }
  const role: RoleRecord = {
    roleId: newIamId('AROA'),
    roleName: input.roleName,
    path,
    arn: roleArn(account.id, path, input.roleName),
    createdAt,
    description: input.description,
    maxSessionDuration: input.maxSessionDuration ?? 3600,
    tags: [...(input.tags ?? [])],
    current: permissions,
    versions: [
      {
        effectiveAt:
          input.effectiveAt ??
          (input.effectiveImmediately ? createdAt : state.clock.after(state.durations.iamPropagationMs)),
        permissions: copyPermissions(permissions),
      },
    ],
  }
  account.iam.roles.set(input.roleName.toLowerCase(), role)
  return role
}
