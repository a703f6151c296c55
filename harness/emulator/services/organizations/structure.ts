/** The organization itself, its root and OUs, and trusted service access. */
import { createOrganizationRecord } from '../../core/bootstrap.js'
import { newLowerId } from '../../core/ids.js'
import type { OrganizationalUnitRecord } from '../../core/state.js'
import type { OperationDefinition } from '../../core/types.js'
import { ouArn, parentArnOrWildcard } from './arns.js'
import { alreadyInOrganization, duplicateOu, invalidInput, parentNotFound } from './errors.js'
import { callerOrganization, managementOrganization } from './guards.js'
import { optionalField, PARENT_ID, paginateOrg, requiredField } from './input.js'
import { isParent, parentCheck, requireParent } from './parents.js'
import { attachDefaultScp, settleOrganization } from './settle.js'
import { readOrgTags, tagContext, tagOnCreateChecks } from './tags.js'
import { organizationToWire, ouToWire, rootToWire } from './wire.js'

const SERVICE_PRINCIPAL = /^[\w+=,.@-]+\.amazonaws\.com$/

const describeOrganization: OperationDefinition = {
  authorize: () => [{ action: 'organizations:DescribeOrganization', resource: '*', reason: 'primary' }],
  handler(ctx) {
    return { Organization: organizationToWire(callerOrganization(ctx)) }
  },
}

const createOrganization: OperationDefinition = {
  authorize: () => [{ action: 'organizations:CreateOrganization', resource: '*', reason: 'primary' }],
  readOnly: false,
  handler(ctx) {
    settleOrganization(ctx.state)
    if (ctx.state.organization) throw alreadyInOrganization()
    const featureSet = optionalField(ctx.params, 'FeatureSet') ?? 'ALL'
    if (featureSet !== 'ALL' && featureSet !== 'CONSOLIDATED_BILLING')
      throw invalidInput('INVALID_ENUM', 'You specified an invalid value for FeatureSet.')
    const account = ctx.state.accounts.get(ctx.caller.accountId)
    const org = createOrganizationRecord(ctx.state, {
      masterAccountId: ctx.caller.accountId,
      masterAccountEmail: account?.email ?? `${ctx.caller.accountId}@example.com`,
      featureSet,
    })
    ctx.state.organization = org
    if (account) account.parentId = org.rootId
    return { Organization: organizationToWire(org) }
  },
}

const listRoots: OperationDefinition = {
  authorize: () => [{ action: 'organizations:ListRoots', resource: '*', reason: 'primary' }],
  handler(ctx) {
    const { page, NextToken } = paginateOrg([rootToWire(managementOrganization(ctx))], ctx.params)
    return { Roots: page, ...(NextToken ? { NextToken } : {}) }
  },
}

const createOrganizationalUnit: OperationDefinition = {
  authorize(ctx) {
    const tags = readOrgTags(ctx.params)
    const parent = parentArnOrWildcard(ctx.state, ctx.params.ParentId)
    const org = ctx.state.organization
    const newOu = org ? `arn:aws:organizations::${org.masterAccountId}:ou/${org.id}/*` : '*'
    return [
      {
        action: 'organizations:CreateOrganizationalUnit',
        resource: parent,
        context: tagContext(tags),
        reason: 'primary',
      },
      ...tagOnCreateChecks(tags, newOu),
    ]
  },
  readOnly: false,
  handler(ctx) {
    const org = managementOrganization(ctx)
    const parentId = requiredField(ctx.params, 'ParentId', PARENT_ID)
    const name = requiredField(ctx.params, 'Name', { min: 1, max: 128, pattern: /^[\s\S]*$/ })
    const tags = readOrgTags(ctx.params)
    if (!isParent(org, parentId)) throw parentNotFound()
    const siblings = [...org.ous.values()].filter((ou) => ou.parentId === parentId)
    if (siblings.some((ou) => ou.name === name)) throw duplicateOu()
    const id = `ou-${org.rootId.slice(2)}-${newLowerId('', 8)}`
    const ou: OrganizationalUnitRecord = { id, arn: ouArn(org, id), name, parentId }
    org.ous.set(id, ou)
    attachDefaultScp(org, id)
    if (tags.length > 0) org.tags.set(id, tags)
    return { OrganizationalUnit: ouToWire(ou) }
  },
}

const listOrganizationalUnitsForParent: OperationDefinition = {
  authorize: (ctx) => [parentCheck(ctx, 'organizations:ListOrganizationalUnitsForParent')],
  handler(ctx) {
    const org = managementOrganization(ctx)
    const parentId = requireParent(ctx, org)
    const ous = [...org.ous.values()].filter((ou) => ou.parentId === parentId).map(ouToWire)
    const { page, NextToken } = paginateOrg(ous, ctx.params)
    return { OrganizationalUnits: page, ...(NextToken ? { NextToken } : {}) }
  },
}

const enableAwsServiceAccess: OperationDefinition = {
  authorize: () => [{ action: 'organizations:EnableAWSServiceAccess', resource: '*', reason: 'primary' }],
  readOnly: false,
  handler(ctx) {
    const org = managementOrganization(ctx)
    const principal = requiredField(ctx.params, 'ServicePrincipal', { min: 1, max: 128 })
    if (!SERVICE_PRINCIPAL.test(principal))
      throw invalidInput('UNRECOGNIZED_SERVICE_PRINCIPAL', 'You specified a service principal that is not recognized.')
    if (!org.serviceAccess.has(principal)) org.serviceAccess.set(principal, ctx.state.clock.now())
    return {}
  },
}

const listAwsServiceAccessForOrganization: OperationDefinition = {
  authorize: () => [{ action: 'organizations:ListAWSServiceAccessForOrganization', resource: '*', reason: 'primary' }],
  handler(ctx) {
    const org = managementOrganization(ctx)
    const enabled = [...org.serviceAccess].map(([ServicePrincipal, DateEnabled]) => ({ ServicePrincipal, DateEnabled }))
    const { page, NextToken } = paginateOrg(enabled, ctx.params)
    return { EnabledServicePrincipals: page, ...(NextToken ? { NextToken } : {}) }
  },
}

export const structureOperations: Record<string, OperationDefinition> = {
  DescribeOrganization: describeOrganization,
  CreateOrganization: createOrganization,
  ListRoots: listRoots,
  CreateOrganizationalUnit: createOrganizationalUnit,
  ListOrganizationalUnitsForParent: listOrganizationalUnitsForParent,
  EnableAWSServiceAccess: enableAwsServiceAccess,
  ListAWSServiceAccessForOrganization: listAwsServiceAccessForOrganization,
}
