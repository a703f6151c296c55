/**
 * Evaluates AuthChecks for one request with the policy evaluator. Policy sources and the base
 * context are gathered once per request, on first use; decisions that cannot depend on the request
 * context are remembered across requests (decision-cache.ts).
 */
import { evaluate } from '../../policy/index.js'
import type {
  EvaluationResult,
  NamedPolicy,
  ParsedPolicy,
  RequestContextValues,
  Statement,
} from '../../policy/types.js'
import type { AuthCheck, AuthorizationRecord, RequestContext } from '../core/types.js'
import {
  cachedDecision,
  type DecisionKey,
  type PolicySetKey,
  policySetKey,
  rememberDecision,
} from './decision-cache.js'
import { collectPolicySources, type PolicySources } from './policy-sources.js'
import { baseRequestContext, withCheckContext } from './request-context.js'

export interface CheckEvaluator {
  evaluate(check: AuthCheck): EvaluationResult
  sources(): PolicySources
  /** The request context a check was evaluated with (for decoded messages). */
  contextFor(check: AuthCheck): RequestContextValues
}

export function createCheckEvaluator(ctx: RequestContext): CheckEvaluator {
  let sources: PolicySources | undefined
  let base: ReturnType<typeof baseRequestContext> | undefined
  const getSources = () => (sources ??= collectPolicySources(ctx.state, ctx.caller, ctx.now, ctx.region))
  const getBase = () => (base ??= baseRequestContext(ctx))
  // Checks of one request often share one context object (e.g. the Logs tag-on-create pair).
  const merged = new Map<AuthCheck['context'], RequestContextValues>()
  const contextFor = (check: AuthCheck) => {
    let context = merged.get(check.context)
    if (!context) {
      context = withCheckContext(getBase(), check.context)
      merged.set(check.context, context)
    }
    return context
  }
  // The policy set's cache key, once per request; null when its decisions depend on the context.
  let policySet: PolicySetKey | null | undefined
  const decisionKey = (check: AuthCheck): DecisionKey | undefined => {
    policySet ??= policySetKey(getSources()) ?? null
    if (policySet === null) return undefined
    const { arn, accountId } = ctx.caller
    return { policySet, action: check.action, resource: check.resource, principalArn: arn, principalAccount: accountId }
  }
  return {
    sources: getSources,
    contextFor,
    evaluate(check) {
      const key = decisionKey(check)
      const cached = key && cachedDecision(key)
      if (cached) return cached
      const policies = getSources()
      const result = evaluate({
        action: check.action,
        resource: check.resource,
        principalArn: ctx.caller.arn,
        principalAccount: ctx.caller.accountId,
        context: contextFor(check),
        identityPolicies: policies.identityPolicies,
        serviceControlPolicies: policies.serviceControlPolicies,
        permissionsBoundary: policies.permissionsBoundary,
        sessionPolicies: policies.sessionPolicies,
      })
      return key ? rememberDecision(key, result) : result
    },
  }
}

export function authorizationRecord(check: AuthCheck, result: EvaluationResult): AuthorizationRecord {
  // Built member by member in the order the audit log shows them; object spreads of optional parts
  // cost more than the rest of the record on every check of every request.
  const record: AuthorizationRecord = {
    action: check.action,
    resource: check.resource,
    reason: check.reason,
    decision: result.decision,
  }
  if (check.serviceCall) record.serviceCall = { ...check.serviceCall }
  const resourceTags = resourceTagsOf(check.context)
  if (resourceTags) record.resourceTags = resourceTags
  record.decidedBy = result.decidedBy
  // A remembered decision's statements are frozen and hold exactly these members: every record shares them.
  record.matchedStatements = Object.isFrozen(result.matchedStatements)
    ? result.matchedStatements
    : result.matchedStatements.map((matched) => ({
        policyType: matched.policyType,
        policyId: matched.policyId,
        sid: matched.sid,
        index: matched.index,
        effect: matched.effect,
      }))
  return record
}

const RESOURCE_TAG = 'aws:ResourceTag/'

/** The check's aws:ResourceTag/<key> context keys as a tag map, or undefined when there are none. */
function resourceTagsOf(context: AuthCheck['context']): Record<string, string> | undefined {
  let tags: Record<string, string> | undefined
  for (const key in context) {
    const value = context[key]
    if (key.startsWith(RESOURCE_TAG) && typeof value === 'string' && Object.hasOwn(context, key)) {
      tags ??= {}
      tags[key.slice(RESOURCE_TAG.length)] = value
    }
  }
  return tags
}

/** The statement a match refers to, looked up in the request's policy sources. */
export function findStatement(sources: PolicySources, policyId: string, index: number): Statement | undefined {
  const all: NamedPolicy[] = [
    ...sources.identityPolicies,
    ...(sources.permissionsBoundary ? [sources.permissionsBoundary] : []),
    ...(sources.sessionPolicies ?? []),
    ...(sources.serviceControlPolicies ?? []).flat(),
  ]
  const policy = all.find((candidate) => candidate.id === policyId)?.document as ParsedPolicy | undefined
  return policy?.statements?.[index]
}
