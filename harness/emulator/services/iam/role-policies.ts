/** A role's permissions: inline policies, attached managed policies and the permissions boundary. */
import type { OperationDefinition, RequestContext } from '../../core/types.js'
import { boundaryNotAttachable, limitExceeded, noSuchPolicy, noSuchRolePolicy, policyNotAttachable } from './errors.js'
import { pageOutput, paginate } from './pagination.js'
import { NAME_PATTERN, optionalString, requiredString } from './params.js'
import { changeRole } from './propagation.js'
import { policySize, readRoleName, roleCheck } from './roles.js'
import { accountOf, findManagedPolicy, requireRole } from './store.js'
import { validatePolicyDocument } from './validate.js'
import { encodeDocument } from './wire.js'

const MAX_INLINE_BYTES_PER_ROLE = 10240
const MAX_ATTACHED_PER_ROLE = 10

const readPolicyName = (ctx: RequestContext): string =>
  requiredString(ctx.params, 'PolicyName', { min: 1, max: 128, ...NAME_PATTERN })

const readPolicyArn = (ctx: RequestContext, name = 'PolicyArn'): string =>
  requiredString(ctx.params, name, { min: 20, max: 2048 })

const roleOf = (ctx: RequestContext) => requireRole(accountOf(ctx.state, ctx.caller.accountId), readRoleName(ctx))

const putRolePolicy: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:PutRolePolicy')],
  handler(ctx) {
    const role = roleOf(ctx)
    const policyName = readPolicyName(ctx)
    const document = requiredString(ctx.params, 'PolicyDocument', { min: 1, max: 131072 })
    validatePolicyDocument(document, 'identity', { inline: true })
    const others = Object.entries(role.current.inlinePolicies).filter(([name]) => name !== policyName)
    const total = others.reduce((sum, [, text]) => sum + policySize(text), policySize(document))
    if (total > MAX_INLINE_BYTES_PER_ROLE)
      throw limitExceeded(
        `Maximum policy size of ${MAX_INLINE_BYTES_PER_ROLE} bytes exceeded for role ${role.roleName}`,
      )
    changeRole(ctx.state, role, (next) => {
      next.inlinePolicies[policyName] = document
    })
    return {}
  },
}

const getRolePolicy: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:GetRolePolicy')],
  handler(ctx) {
    const role = roleOf(ctx)
    const policyName = readPolicyName(ctx)
    const document = role.current.inlinePolicies[policyName]
    if (document === undefined) throw noSuchRolePolicy(policyName)
    return { RoleName: role.roleName, PolicyName: policyName, PolicyDocument: encodeDocument(document) }
  },
}

const deleteRolePolicy: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:DeleteRolePolicy')],
  handler(ctx) {
    const role = roleOf(ctx)
    const policyName = readPolicyName(ctx)
    if (role.current.inlinePolicies[policyName] === undefined) throw noSuchRolePolicy(policyName)
    changeRole(ctx.state, role, (next) => {
      delete next.inlinePolicies[policyName]
    })
    return {}
  },
}

const listRolePolicies: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:ListRolePolicies')],
  handler(ctx) {
    const names = Object.keys(roleOf(ctx).current.inlinePolicies).sort()
    return pageOutput('PolicyNames', paginate(names, ctx.params))
  },
}

const attachRolePolicy: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:AttachRolePolicy', { 'iam:PolicyARN': ctx.params.PolicyArn })],
  handler(ctx) {
    const role = roleOf(ctx)
    const policyArn = readPolicyArn(ctx)
    if (!findManagedPolicy(ctx.state, accountOf(ctx.state, ctx.caller.accountId), policyArn))
      throw policyNotAttachable(policyArn)
    if (role.current.attachedPolicyArns.includes(policyArn)) return {}
    if (role.current.attachedPolicyArns.length >= MAX_ATTACHED_PER_ROLE)
      throw limitExceeded(`Cannot exceed quota for PoliciesPerRole: ${MAX_ATTACHED_PER_ROLE}`)
    changeRole(ctx.state, role, (next) => {
      next.attachedPolicyArns.push(policyArn)
    })
    return {}
  },
}

const detachRolePolicy: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:DetachRolePolicy', { 'iam:PolicyARN': ctx.params.PolicyArn })],
  handler(ctx) {
    const role = roleOf(ctx)
    const policyArn = readPolicyArn(ctx)
    if (!role.current.attachedPolicyArns.includes(policyArn)) throw noSuchPolicy(policyArn)
    changeRole(ctx.state, role, (next) => {
      next.attachedPolicyArns = next.attachedPolicyArns.filter((arn) => arn !== policyArn)
    })
    return {}
  },
}

const listAttachedRolePolicies: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:ListAttachedRolePolicies')],
  handler(ctx) {
    const role = roleOf(ctx)
    const prefix = optionalString(ctx.params, 'PathPrefix') ?? '/'
    const account = accountOf(ctx.state, ctx.caller.accountId)
    const attached = role.current.attachedPolicyArns
      .map((arn) => findManagedPolicy(ctx.state, account, arn))
      .flatMap((policy) =>
        policy?.path.startsWith(prefix) ? [{ PolicyName: policy.policyName, PolicyArn: policy.arn }] : [],
      )
    return pageOutput('AttachedPolicies', paginate(attached, ctx.params))
  },
}

const putRolePermissionsBoundary: OperationDefinition = {
  authorize: (ctx) => [
    roleCheck(ctx, 'iam:PutRolePermissionsBoundary', { 'iam:PermissionsBoundary': ctx.params.PermissionsBoundary }),
  ],
  handler(ctx) {
    const role = roleOf(ctx)
    const boundaryArn = readPolicyArn(ctx, 'PermissionsBoundary')
    if (!findManagedPolicy(ctx.state, accountOf(ctx.state, ctx.caller.accountId), boundaryArn))
      throw boundaryNotAttachable(boundaryArn)
    changeRole(ctx.state, role, (next) => {
      next.permissionsBoundaryArn = boundaryArn
    })
    return {}
  },
}

const deleteRolePermissionsBoundary: OperationDefinition = {
  authorize: (ctx) => [roleCheck(ctx, 'iam:DeleteRolePermissionsBoundary')],
  handler(ctx) {
    const role = roleOf(ctx)
    if (role.current.permissionsBoundaryArn === undefined) return {}
    changeRole(ctx.state, role, (next) => {
      next.permissionsBoundaryArn = undefined
    })
    return {}
  },
}

export const rolePolicyOperations: Record<string, OperationDefinition> = {
  PutRolePolicy: putRolePolicy,
  GetRolePolicy: getRolePolicy,
  DeleteRolePolicy: deleteRolePolicy,
  ListRolePolicies: listRolePolicies,
  AttachRolePolicy: attachRolePolicy,
  DetachRolePolicy: detachRolePolicy,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  PutRolePermissionsBoundary: putRolePermissionsBoundary,
  DeleteRolePermissionsBoundary: deleteRolePermissionsBoundary,
}
