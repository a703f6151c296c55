/** Organization policies (SCPs and friends): create, attach, detach, list. */

import { malformedPolicyMessage, parsePolicy } from '../../../policy/index.js'
import { AwsError } from '../../core/errors.js'
import { newLowerId } from '../../core/ids.js'
import type { OrgPolicyRecord } from '../../core/state.js'
import type { OperationDefinition, RequestContext } from '../../core/types.js'
import { customerPolicyArn, resourceArnOrWildcard, targetArn } from './arns.js'
import {
  constraintViolation,
  duplicatePolicy,
  duplicatePolicyAttachment,
  invalidInput,
  policyNotAttached,
  policyNotFound,
  policyTypeNotEnabled,
  targetNotFound,
} from './errors.js'
import { managementOrganization } from './guards.js'
import { POLICY_ID, paginateOrg, requiredField } from './input.js'
import { readOrgTags, tagContext, tagOnCreateChecks } from './tags.js'
import { policySummaryToWire } from './wire.js'

const POLICY_TYPES: ReadonlyArray<OrgPolicyRecord['type']> = [
  'SERVICE_CONTROL_POLICY',
  'TAG_POLICY',
  'BACKUP_POLICY',
  'AISERVICES_OPT_OUT_POLICY',
  'RESOURCE_CONTROL_POLICY',
]

function readPolicyType(params: Record<string, any>, name: string): OrgPolicyRecord['type'] {
  const type = requiredField(params, name) as OrgPolicyRecord['type']
  if (!POLICY_TYPES.includes(type))
    throw invalidInput('INVALID_ENUM_POLICY_TYPE', `You specified an invalid value for ${name}.`)
  return type
}

/** SCPs/RCPs are IAM-style documents; other policy types only need to be JSON objects. */
function contentProblems(content: string, type: OrgPolicyRecord['type']): number {
  let parsed: unknown
  try {
    parsed = JSON.parse(content)
  } catch {
    return 1
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 1
  const iamStyle = type === 'SERVICE_CONTROL_POLICY' || type === 'RESOURCE_CONTROL_POLICY'
  return iamStyle ? parsePolicy(parsed, 'scp').errors.length : 0
}

/** Organizations answers every problem in a policy document with one generic sentence. */
function validateContent(content: string, type: OrgPolicyRecord['type']): void {
  if (contentProblems(content, type) > 0)
    throw new AwsError('MalformedPolicyDocumentException', malformedPolicyMessage([], 'scp'))
}

function requirePolicyAndTarget(ctx: RequestContext) {
  const org = managementOrganization(ctx)
  const policyId = requiredField(ctx.params, 'PolicyId', POLICY_ID)
  const targetId = requiredField(ctx.params, 'TargetId', { max: 100 })
  const policy = org.policies.get(policyId)
  if (!policy) throw policyNotFound()
  const target = targetArn(ctx.state, org, targetId)
  if (!target || target.kind === 'POLICY') throw targetNotFound()
  const attached = org.attachments.get(targetId) ?? new Set<string>()
  org.attachments.set(targetId, attached)
  return { org, policy, targetId, attached }
}

const attachChecks = (ctx: RequestContext, action: string) => [
  { action, resource: resourceArnOrWildcard(ctx.state, ctx.params.PolicyId), reason: 'primary' },
  { action, resource: resourceArnOrWildcard(ctx.state, ctx.params.TargetId), reason: 'primary' },
]

const createPolicy: OperationDefinition = {
  authorize(ctx) {
    const tags = readOrgTags(ctx.params)
    return [
      { action: 'organizations:CreatePolicy', resource: '*', context: tagContext(tags), reason: 'primary' },
      ...tagOnCreateChecks(tags, '*'),
    ]
  },
  readOnly: false,
  handler(ctx) {
    const org = managementOrganization(ctx)
    const name = requiredField(ctx.params, 'Name', { min: 1, max: 128 })
    const description = requiredField(ctx.params, 'Description', { max: 512 })
    const content = requiredField(ctx.params, 'Content', { min: 1, max: 1_000_000 })
    const type = readPolicyType(ctx.params, 'Type')
    const tags = readOrgTags(ctx.params)
    if (!org.enabledPolicyTypes.has(type)) throw policyTypeNotEnabled()
    validateContent(content, type)
    if ([...org.policies.values()].some((p) => p.type === type && p.name === name)) throw duplicatePolicy()
    const id = newLowerId('p-', 8)
    const policy: OrgPolicyRecord = {
      id,
      arn: customerPolicyArn(org, type, id),
      name,
      description,
      type,
      content,
      awsManaged: false,
    }
    org.policies.set(id, policy)
    if (tags.length > 0) org.tags.set(id, tags)
    return { Policy: { PolicySummary: policySummaryToWire(policy), Content: content } }
  },
}

const attachPolicy: OperationDefinition = {
  authorize: (ctx) => attachChecks(ctx, 'organizations:AttachPolicy'),
  readOnly: false,
  handler(ctx) {
    const { org, policy, attached } = requirePolicyAndTarget(ctx)
    if (!org.enabledPolicyTypes.has(policy.type)) throw policyTypeNotEnabled()
    if (attached.has(policy.id)) throw duplicatePolicyAttachment()
    attached.add(policy.id)
    return {}
  },
}

const detachPolicy: OperationDefinition = {
  authorize: (ctx) => attachChecks(ctx, 'organizations:DetachPolicy'),
  readOnly: false,
  handler(ctx) {
    const { org, policy, attached } = requirePolicyAndTarget(ctx)
    if (!attached.has(policy.id)) throw policyNotAttached()
    const sameType = [...attached].filter((id) => org.policies.get(id)?.type === policy.type)
    if (policy.type === 'SERVICE_CONTROL_POLICY' && sameType.length <= 1)
      throw constraintViolation(
        'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
        'You attempted to detach a policy from an entity that would cause the entity to have fewer than the minimum number of policies of a certain type required.',
      )
    attached.delete(policy.id)
    return {}
  },
}

const listPolicies: OperationDefinition = {
  authorize: () => [{ action: 'organizations:ListPolicies', resource: '*', reason: 'primary' }],
  handler(ctx) {
    const org = managementOrganization(ctx)
    const type = readPolicyType(ctx.params, 'Filter')
    const policies = [...org.policies.values()].filter((p) => p.type === type).map(policySummaryToWire)
    const { page, NextToken } = paginateOrg(policies, ctx.params)
    return { Policies: page, ...(NextToken ? { NextToken } : {}) }
  },
}

export const policyOperations: Record<string, OperationDefinition> = {
  CreatePolicy: createPolicy,
  AttachPolicy: attachPolicy,
  DetachPolicy: detachPolicy,
  ListPolicies: listPolicies,
}
