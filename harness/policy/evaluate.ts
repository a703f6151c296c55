/**
 * AWS's policy evaluation logic for a request (IAM User Guide, "Policy evaluation logic" and "Policy
 * evaluation for requests within a single account"):
 *   1. An explicit Deny in any applicable policy wins.
 *   2. Every SCP level on the account's OU path must Allow (then every RCP level).
 *   3. A resource-based policy can Allow on its own in the same account; a role trust policy must Allow.
 *   4. Otherwise an identity-based policy must Allow.
 *   5. A permissions boundary, if set, must Allow; then the session policies, if given, must Allow.
 * decidedBy names the first failing policy type in that order. For explicit denies, when several policy
 * types deny, we report them in the same order (organization policies, resource-based/trust,
 * identity-based, permissions boundary, session): AWS's AccessDenied messages name only one type, and this
 * is the order of the documented flow chart, so a message names the policy type evaluated first.
 */
import { type CompiledStatement, compilePolicy } from './compile.js'
import { conditionsHold } from './conditions.js'
import { createResolver, type NormalizedContext, normalizeContext } from './context.js'
import {
  matchesPrincipal,
  type PrincipalGrant,
  principalFromArn,
  principalGrant,
  type RequestPrincipal,
  splitArn,
} from './matching.js'
import { matchPattern, type VariableResolver } from './patterns.js'
import type {
  EvaluationRequest,
  EvaluationResult,
  MatchedStatement,
  NamedPolicy,
  PolicyType,
  RequestContextValues,
} from './types.js'

interface RequestFacts {
  action: string
  resource: string
  principal: RequestPrincipal
  context: NormalizedContext
  resolve: VariableResolver
}

/** What a set of policies (one policy type, or one SCP level) says about the request. */
interface SetVerdict {
  allow: boolean
  deny: boolean
  /** For resource-based and trust policies: how directly the allowing statement names the caller. */
  grant?: PrincipalGrant
}

function actionMatches(matchers: (string | RegExp)[], action: string): boolean {
  for (const matcher of matchers) {
    if (typeof matcher === 'string' ? matcher === action : matcher.test(action)) return true
  }
  return false
}

function resourceMatches(statement: CompiledStatement, facts: RequestFacts): boolean {
  if (statement.resources)
    return statement.resources.some((pattern) => matchPattern(pattern, facts.resource, facts.resolve))
  if (statement.notResources)
    return !statement.notResources.some((pattern) => matchPattern(pattern, facts.resource, facts.resolve))
  return true // trust policies have no Resource element
}

function principalMatches(statement: CompiledStatement, facts: RequestFacts): boolean {
  if (statement.principal) return matchesPrincipal(statement.principal, facts.principal)
  if (statement.notPrincipal) return !matchesPrincipal(statement.notPrincipal, facts.principal)
  return false
}

function statementApplies(statement: CompiledStatement, facts: RequestFacts, checkPrincipal: boolean): boolean {
  if (statement.actions) {
    if (!actionMatches(statement.actions, facts.action)) return false
  } else if (!statement.notActions || actionMatches(statement.notActions, facts.action)) return false
  if (!resourceMatches(statement, facts)) return false
  if (checkPrincipal && !principalMatches(statement, facts)) return false
  return conditionsHold(statement.conditions, facts.context, facts.resolve)
}

function evaluateSet(
  policies: NamedPolicy[],
  policyType: PolicyType,
  facts: RequestFacts,
  matched: MatchedStatement[],
): SetVerdict {
  const checkPrincipal = policyType === 'resource-based' || policyType === 'role trust'
  const verdict: SetVerdict = { allow: false, deny: false }
  for (const policy of policies) {
    for (const statement of compilePolicy(policy.document).statements) {
      if (!statementApplies(statement, facts, checkPrincipal)) continue
      matched.push({
        policyType,
        policyId: policy.id,
        sid: statement.sid,
        index: statement.index,
        effect: statement.effect,
      })
      if (statement.effect === 'Deny') verdict.deny = true
      else {
        verdict.allow = true
        if (checkPrincipal) verdict.grant = strongerGrant(verdict.grant, grantOf(statement, facts.principal))
      }
    }
  }
  return verdict
}

function grantOf(statement: CompiledStatement, principal: RequestPrincipal): PrincipalGrant | undefined {
  if (statement.principal) return principalGrant(statement.principal, principal)
  return 'direct' // NotPrincipal: everyone not listed is granted as themselves
}

const GRANT_RANK: Record<PrincipalGrant, number> = { account: 0, role: 1, direct: 2 }

function strongerGrant(a: PrincipalGrant | undefined, b: PrincipalGrant | undefined): PrincipalGrant | undefined {
  if (!a) return b
  if (!b) return a
  return GRANT_RANK[a] >= GRANT_RANK[b] ? a : b
}

function requestFacts(request: EvaluationRequest): RequestFacts {
  const principal = principalFromArn(request.principalArn, request.principalAccount, request.principalKind)
  // Keys IAM derives from the caller itself; request.context may still override them.
  const implied = {
    'aws:PrincipalArn': principal.kind === 'AWS' ? request.principalArn : undefined,
    'aws:PrincipalAccount': principal.account,
    'aws:username': /^arn:[\w-]+:iam::\d{12}:user\/(?:.*\/)?([^/]+)$/.exec(request.principalArn ?? '')?.[1],
  }
  const context = normalizeContext(request.context, implied)
  return {
    action: request.action.toLowerCase(),
    resource: request.resource,
    principal,
    context,
    resolve: createResolver(context),
  }
}

function isCrossAccount(request: EvaluationRequest, principal: RequestPrincipal): boolean {
  if (!request.resourcePolicy || !principal.account || principal.kind !== 'AWS') return false
  const resourceAccount = request.resource.startsWith('arn:') ? splitArn(request.resource)[4] : undefined
  return resourceAccount !== undefined && /^\d{12}$/.test(resourceAccount) && resourceAccount !== principal.account
}

function result(decision: EvaluationResult['decision'], decidedBy: PolicyType, matched: MatchedStatement[]) {
  return { decision, decidedBy, matchedStatements: matched }
}

export function evaluate(request: EvaluationRequest): EvaluationResult {
  const facts = requestFacts(request)
  const matched: MatchedStatement[] = []
  const resourceType: PolicyType = request.resourcePolicyType ?? 'resource-based'
  const scpLevels = (request.serviceControlPolicies ?? []).map((level) =>
    evaluateSet(level, 'service control', facts, matched),
  )
  const rcpLevels = (request.resourceControlPolicies ?? []).map((level) =>
    evaluateSet(level, 'resource control', facts, matched),
  )
  const resource = request.resourcePolicy
    ? evaluateSet([request.resourcePolicy], resourceType, facts, matched)
    : undefined
  const identity = evaluateSet(request.identityPolicies ?? [], 'identity-based', facts, matched)
  const boundary = request.permissionsBoundary
    ? evaluateSet([request.permissionsBoundary], 'permissions boundary', facts, matched)
    : undefined
  const hasSession = (request.sessionPolicies?.length ?? 0) > 0
  const session = hasSession ? evaluateSet(request.sessionPolicies ?? [], 'session', facts, matched) : undefined

  const denyOrder: [PolicyType, boolean][] = [
    ['service control', scpLevels.some((level) => level.deny)],
    ['resource control', rcpLevels.some((level) => level.deny)],
    [resourceType, resource?.deny ?? false],
    ['identity-based', identity.deny],
    ['permissions boundary', boundary?.deny ?? false],
    ['session', session?.deny ?? false],
  ]
  const denied = denyOrder.find(([, deny]) => deny)
  if (denied) return result('ExplicitlyDenied', denied[0], matched)
  if (scpLevels.some((level) => !level.allow)) return result('ImplicitlyDenied', 'service control', matched)
  if (rcpLevels.some((level) => !level.allow)) return result('ImplicitlyDenied', 'resource control', matched)
  if (resourceType === 'role trust' && !resource?.allow) return result('ImplicitlyDenied', 'role trust', matched)

  // The account's root user holds every permission in its own account (only organization policies limit it).
  const isRoot = /^arn:[\w-]+:iam::\d{12}:root$/.test(request.principalArn ?? '')
  const identityAllows = identity.allow || isRoot
  if (isCrossAccount(request, facts.principal)) {
    // Across accounts both sides must allow: the caller's own policies and the resource's policy.
    if (!identityAllows) return result('ImplicitlyDenied', 'identity-based', matched)
    if (!resource?.allow) return result('ImplicitlyDenied', resourceType, matched)
  } else {
    // Same account: a resource-based Allow naming the user or session itself stands alone; naming the role
    // still answers to the boundary and session policies; naming only the account delegates to IAM policies.
    if (resource?.allow && resource.grant === 'direct') return result('Allowed', resourceType, matched)
    const resourceStandsIn = resource?.allow === true && resource.grant === 'role'
    if (!identityAllows && !resourceStandsIn) return result('ImplicitlyDenied', 'identity-based', matched)
  }
  if (boundary && !boundary.allow) return result('ImplicitlyDenied', 'permissions boundary', matched)
  if (session && !session.allow) return result('ImplicitlyDenied', 'session', matched)
  return result('Allowed', identityAllows ? 'identity-based' : resourceType, matched)
}

/** Offline prediction: would this one identity policy allow the action on the resource? */
export function policyAllowsAction(
  policy: NamedPolicy['document'],
  action: string,
  resource: string,
  context: RequestContextValues = {},
): boolean {
  const request = { action, resource, context, identityPolicies: [{ id: 'policy', document: policy }] }
  return evaluate(request).decision === 'Allowed'
}
