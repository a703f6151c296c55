/** IAM entities in their wire shape. Policy documents go out URL-encoded, as IAM returns them. */
import type { AccountRecord, ManagedPolicyRecord, RoleRecord } from '../../core/state.js'
import { policyUsage } from './store.js'

export const encodeDocument = (document: string): string => encodeURIComponent(document)

export function roleToWire(role: RoleRecord, detail: 'full' | 'list' = 'full'): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    Path: role.path,
    RoleName: role.roleName,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createdAt,
    AssumeRolePolicyDocument: encodeDocument(role.current.trustPolicy),
    MaxSessionDuration: role.maxSessionDuration,
  }
  if (role.description !== undefined) wire.Description = role.description
  if (detail === 'full') {
    if (role.current.permissionsBoundaryArn)
      wire.PermissionsBoundary = {
        PermissionsBoundaryType: 'Policy',
        PermissionsBoundaryArn: role.current.permissionsBoundaryArn,
      }
    if (role.tags.length > 0) wire.Tags = role.tags
    wire.RoleLastUsed = {}
  }
  return wire
}

export function policyToWire(policy: ManagedPolicyRecord, account: AccountRecord): Record<string, unknown> {
  const usage = policyUsage(account, policy.arn)
  const wire: Record<string, unknown> = {
    PolicyName: policy.policyName,
    PolicyId: policy.policyId,
    Arn: policy.arn,
    Path: policy.path,
    DefaultVersionId: policy.defaultVersionId,
    AttachmentCount: usage.attachments,
    PermissionsBoundaryUsageCount: usage.boundaries,
    IsAttachable: true,
    CreateDate: policy.createdAt,
    UpdateDate: policy.updatedAt,
  }
  if (policy.description !== undefined) wire.Description = policy.description
  if (policy.tags.length > 0) wire.Tags = policy.tags
  return wire
}
