/** Managed policies: customer managed CRUD plus the AWS managed catalogue (read-only). */

import { compareText } from '../../../compare-text.js'
import { newIamId } from '../../core/ids.js'
import type { ManagedPolicyRecord } from '../../core/state.js'
import type { AuthCheck, OperationDefinition, RequestContext } from '../../core/types.js'
import {
  deleteConflict,
  entityAlreadyExists,
  invalidInput,
  limitExceeded,
  noSuchPolicy,
  noSuchPolicyVersion,
} from './errors.js'
import { pageOutput, paginate } from './pagination.js'
import { NAME_PATTERN, optionalString, PATH_PATTERN, requiredString } from './params.js'
import { policySize } from './roles.js'
import { accountOf, customerPolicyArn, findManagedPolicy, policyUsage } from './store.js'
import { readTags, requestTagContext } from './tags.js'
import { validatePolicyDocument } from './validate.js'
import { encodeDocument, policyToWire } from './wire.js'

const MAX_MANAGED_POLICY_CHARS = 6144
const MAX_CUSTOMER_POLICIES = 1500

const policyCheck = (ctx: RequestContext, action: string): AuthCheck => ({
  action,
  resource: String(ctx.params.PolicyArn ?? '*'),
  reason: 'primary',
})

function requirePolicy(ctx: RequestContext): ManagedPolicyRecord {
  const policyArn = requiredString(ctx.params, 'PolicyArn', { min: 20, max: 2048 })
  const policy = findManagedPolicy(ctx.state, accountOf(ctx.state, ctx.caller.accountId), policyArn)
  if (!policy) throw noSuchPolicy(policyArn)
  return policy
}

const createPolicy: OperationDefinition = {
  authorize(ctx) {
    const tags = readTags(ctx.params)
    const resource = customerPolicyArn(
      ctx.caller.accountId,
      String(ctx.params.Path ?? '/'),
      String(ctx.params.PolicyName),
    )
    const checks: AuthCheck[] = [
      { action: 'iam:CreatePolicy', resource, context: requestTagContext(tags), reason: 'primary' },
    ]
    if (tags.length > 0)
      checks.push({ action: 'iam:TagPolicy', resource, context: requestTagContext(tags), reason: 'tag-on-create' })
    return checks
  },
  handler(ctx) {
    const policyName = requiredString(ctx.params, 'PolicyName', { min: 1, max: 128, ...NAME_PATTERN })
    const path = optionalString(ctx.params, 'Path', { min: 1, max: 512, ...PATH_PATTERN }) ?? '/'
    const description = optionalString(ctx.params, 'Description', { max: 1000 })
    const document = requiredString(ctx.params, 'PolicyDocument', { min: 1, max: 131072 })
    const tags = readTags(ctx.params)
    validatePolicyDocument(document, 'identity')
    if (policySize(document) > MAX_MANAGED_POLICY_CHARS)
      throw limitExceeded(`Cannot exceed quota for PolicySize: ${MAX_MANAGED_POLICY_CHARS}`)
    const account = accountOf(ctx.state, ctx.caller.accountId)
    const duplicate = [...account.iam.policies.values()].some(
      (p) => p.policyName.toLowerCase() === policyName.toLowerCase(),
    )
    if (duplicate)
      throw entityAlreadyExists(`A policy called ${policyName} already exists. Duplicate names are not allowed.`)
    if (account.iam.policies.size >= MAX_CUSTOMER_POLICIES)
      throw limitExceeded(`Cannot exceed quota for PoliciesPerAccount: ${MAX_CUSTOMER_POLICIES}`)
    const now = ctx.state.clock.now()
    const policy: ManagedPolicyRecord = {
      arn: customerPolicyArn(account.id, path, policyName),
      policyName,
      policyId: newIamId('ANPA'),
      path,
      description,
      defaultVersionId: 'v1',
      versions: [{ versionId: 'v1', document, createDate: now }],
      createdAt: now,
      updatedAt: now,
      awsManaged: false,
      tags,
    }
    account.iam.policies.set(policy.arn, policy)
    return { Policy: policyToWire(policy, account) }
  },
}

const getPolicy: OperationDefinition = {
  authorize: (ctx) => [policyCheck(ctx, 'iam:GetPolicy')],
  handler(ctx) {
    return { Policy: policyToWire(requirePolicy(ctx), accountOf(ctx.state, ctx.caller.accountId)) }
  },
}

const getPolicyVersion: OperationDefinition = {
  authorize: (ctx) => [policyCheck(ctx, 'iam:GetPolicyVersion')],
  handler(ctx) {
    const policy = requirePolicy(ctx)
    const versionId = requiredString(ctx.params, 'VersionId', {
      pattern: /^v[1-9][0-9]*(\.[A-Za-z0-9-]*)?$/,
      patternText: 'v[1-9][0-9]*(\\.[A-Za-z0-9-]*)?',
    })
    const version = policy.versions.find((v) => v.versionId === versionId)
    if (!version) throw noSuchPolicyVersion(policy.arn, versionId)
    return {
      PolicyVersion: {
        Document: encodeDocument(version.document),
        VersionId: version.versionId,
        IsDefaultVersion: version.versionId === policy.defaultVersionId,
        CreateDate: version.createDate,
      },
    }
  },
}

const deletePolicy: OperationDefinition = {
  authorize: (ctx) => [policyCheck(ctx, 'iam:DeletePolicy')],
  handler(ctx) {
    const policy = requirePolicy(ctx)
    const account = accountOf(ctx.state, ctx.caller.accountId)
    if (policy.awsManaged) throw invalidInput(`ARN ${policy.arn} is not valid.`)
    const usage = policyUsage(account, policy.arn)
    if (usage.attachments + usage.boundaries > 0) throw deleteConflict('Cannot delete a policy attached to entities.')
    account.iam.policies.delete(policy.arn)
    return {}
  },
}

const listPolicies: OperationDefinition = {
  authorize: () => [{ action: 'iam:ListPolicies', resource: '*', reason: 'primary' }],
  handler(ctx) {
    const scope =
      optionalString(ctx.params, 'Scope', { pattern: /^(All|AWS|Local)$/, patternText: '[All, AWS, Local]' }) ?? 'All'
    const prefix = optionalString(ctx.params, 'PathPrefix') ?? '/'
    const onlyAttached = String(ctx.params.OnlyAttached) === 'true'
    const account = accountOf(ctx.state, ctx.caller.accountId)
    const candidates = [
      ...(scope === 'Local' ? [] : ctx.state.awsManagedPolicies.values()),
      ...(scope === 'AWS' ? [] : account.iam.policies.values()),
    ]
    const policies = candidates
      .filter((policy) => policy.path.startsWith(prefix))
      .filter((policy) => !onlyAttached || policyUsage(account, policy.arn).attachments > 0)
      .sort((a, b) => compareText(a.policyName, b.policyName))
    return pageOutput('Policies', paginate(policies, ctx.params), (policy) => {
      const { Tags: _tags, Description: _description, ...listed } = policyToWire(policy, account)
      return listed
    })
  },
}

export const policyOperations: Record<string, OperationDefinition> = {
  CreatePolicy: createPolicy,
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
  DeletePolicy: deletePolicy,
  ListPolicies: listPolicies,
}
