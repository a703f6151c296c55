/** IAM role lifecycle: CreateRole, GetRole, DeleteRole, ListRoles, UpdateAssumeRolePolicy, tagging. */

import { compareText } from '../../../compare-text.js'
import type { AuthCheck, OperationDefinition, RequestContext } from '../../core/types.js'
import { boundaryNotAttachable, deleteConflict, entityAlreadyExists, limitExceeded, validationError } from './errors.js'
import { pageOutput, paginate } from './pagination.js'
import { listParam, NAME_PATTERN, optionalInteger, optionalString, PATH_PATTERN, requiredString } from './params.js'
import { changeRole, createRoleRecord } from './propagation.js'
import { accountOf, findManagedPolicy, findRole, requireRole, roleArn, roleArnForName } from './store.js'
import { mergeTags, readTags, requestTagContext } from './tags.js'
import { validatePolicyDocument } from './validate.js'
import { roleToWire } from './wire.js'

const MAX_ROLES_PER_ACCOUNT = 1000
const MAX_TRUST_POLICY_CHARS = 2048

export const readRoleName = (ctx: RequestContext): string =>
  requiredString(ctx.params, 'RoleName', { min: 1, max: 64, ...NAME_PATTERN })

/** Policy size as IAM counts it: whitespace does not count. */
export const policySize = (document: string): number => document.replace(/\s/g, '').length

/** The primary check for an operation on one role, resource = the role's ARN. */
export function roleCheck(ctx: RequestContext, action: string, context?: AuthCheck['context']): AuthCheck {
  const resource = roleArnForName(ctx.state, ctx.caller.accountId, ctx.params.RoleName)
  return { action, resource, reason: 'primary', ...(context ? { context } : {}) }
}

function readTrustPolicy(ctx: RequestContext): string {
  const document = requiredString(ctx.params, 'AssumeRolePolicyDocument', { min: 1, max: 131072 })
  validatePolicyDocument(document, 'trust')
  if (policySize(document) > MAX_TRUST_POLICY_CHARS)
    throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${MAX_TRUST_POLICY_CHARS}`)
  return document
}

const createRole: OperationDefinition = {
  authorize(ctx) {
    const tags = readTags(ctx.params)
    const path = ctx.params.Path ?? '/'
    const resource = roleArn(ctx.caller.accountId, String(path), String(ctx.params.RoleName ?? '*'))
    const boundary = ctx.params.PermissionsBoundary as string | undefined
    const context = { ...requestTagContext(tags), ...(boundary ? { 'iam:PermissionsBoundary': boundary } : {}) }
    const checks: AuthCheck[] = [{ action: 'iam:CreateRole', resource, context, reason: 'primary' }]
    if (tags.length > 0)
      checks.push({ action: 'iam:TagRole', resource, context: requestTagContext(tags), reason: 'tag-on-create' })
    return checks
  },
  handler(ctx) {
    const roleName = readRoleName(ctx)
    const path = optionalString(ctx.params, 'Path', { min: 1, max: 512, ...PATH_PATTERN }) ?? '/'
    const description = optionalString(ctx.params, 'Description', { max: 1000 })
    const maxSessionDuration = optionalInteger(ctx.params, 'MaxSessionDuration', { min: 3600, max: 43200 })
    const boundaryArn = optionalString(ctx.params, 'PermissionsBoundary', { min: 20, max: 2048 })
    const tags = readTags(ctx.params)
    const trustPolicy = readTrustPolicy(ctx)
    const account = accountOf(ctx.state, ctx.caller.accountId)
    if (findRole(account, roleName)) throw entityAlreadyExists(`Role with name ${roleName} already exists.`)
    if (account.iam.roles.size >= MAX_ROLES_PER_ACCOUNT)
      throw limitExceeded(`Cannot exceed quota for RolesPerAccount: ${MAX_ROLES_PER_ACCOUNT}`)
    if (boundaryArn && !findManagedPolicy(ctx.state, account, boundaryArn)) throw boundaryNotAttachable(boundaryArn)
    const role = createRoleRecord(ctx.state, account, {
      roleName,
      path,
      trustPolicy,
      description,
      maxSessionDuration,
      permissionsBoundaryArn: boundaryArn,
      tags,
    })
    return { Role: roleToWire(role) }
  },
  cloudTrailResources: (ctx) => [{ ResourceType: 'AWS::IAM::Role', ResourceName: String(ctx.params.RoleName) }],
}

const getRole: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:GetRole')],
  handler(ctx) {
    const role = requireRole(accountOf(ctx.state, ctx.caller.accountId), readRoleName(ctx))
    return { Role: roleToWire(role) }
  },
}

const deleteRole: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:DeleteRole')],
  handler(ctx) {
    const account = accountOf(ctx.state, ctx.caller.accountId)
    const role = requireRole(account, readRoleName(ctx))
    if (Object.keys(role.current.inlinePolicies).length > 0)
      throw deleteConflict('Cannot delete entity, must delete policies first.')
    if (role.current.attachedPolicyArns.length > 0)
      throw deleteConflict('Cannot delete entity, must detach all policies first.')
    account.iam.roles.delete(role.roleName.toLowerCase())
    role.deleted = true
    return {}
  },
}

const listRoles: OperationDefinition = {
  authorize: () => [{ action: 'iam:ListRoles', resource: '*', reason: 'primary' }],
  handler(ctx) {
    const prefix = optionalString(ctx.params, 'PathPrefix', { min: 1, max: 512 }) ?? '/'
    const roles = [...accountOf(ctx.state, ctx.caller.accountId).iam.roles.values()]
      .filter((role) => role.path.startsWith(prefix))
      .sort((a, b) => compareText(a.roleName, b.roleName))
    const page = paginate(roles, ctx.params)
    return pageOutput('Roles', page, (role) => roleToWire(role, 'list'))
  },
}

const updateAssumeRolePolicy: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:UpdateAssumeRolePolicy')],
  handler(ctx) {
    const role = requireRole(accountOf(ctx.state, ctx.caller.accountId), readRoleName(ctx))
    const trustPolicy = requiredString(ctx.params, 'PolicyDocument', { min: 1, max: 131072 })
    validatePolicyDocument(trustPolicy, 'trust')
    if (policySize(trustPolicy) > MAX_TRUST_POLICY_CHARS)
      throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${MAX_TRUST_POLICY_CHARS}`)
    changeRole(ctx.state, role, (next) => {
      next.trustPolicy = trustPolicy
    })
    return {}
  },
}

const tagRole: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:TagRole', requestTagContext(readTags(ctx.params)))],
  handler(ctx) {
    const role = requireRole(accountOf(ctx.state, ctx.caller.accountId), readRoleName(ctx))
    const tags = readTags(ctx.params)
    if (tags.length === 0)
      throw validationError(`Value null at 'tags' failed to satisfy constraint: Member must not be null`)
    role.tags = mergeTags(role.tags, tags)
    return {}
  },
}

const untagRole: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:UntagRole', { 'aws:TagKeys': listParam<string>(ctx.params, 'TagKeys') })],
  handler(ctx) {
    const role = requireRole(accountOf(ctx.state, ctx.caller.accountId), readRoleName(ctx))
    const keys = new Set(listParam<string>(ctx.params, 'TagKeys').map((key) => String(key).toLowerCase()))
    role.tags = role.tags.filter((tag) => !keys.has(tag.Key.toLowerCase()))
    return {}
  },
}

const listRoleTags: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:ListRoleTags')],
  handler(ctx) {
    const role = requireRole(accountOf(ctx.state, ctx.caller.accountId), readRoleName(ctx))
    const page = paginate(role.tags, ctx.params)
    return pageOutput('Tags', page)
  },
}

export const roleOperations: Record<string, OperationDefinition> = {
  CreateRole: createRole,
  GetRole: getRole,
  DeleteRole: deleteRole,
  ListRoles: listRoles,
  UpdateAssumeRolePolicy: updateAssumeRolePolicy,
  TagRole: tagRole,
  UntagRole: untagRole,
  ListRoleTags: listRoleTags,
}
