/**
 * sts:AssumeRole authorization as AWS does it, in one evaluation: the role's trust policy (as it
 * stands after IAM propagation) must allow the caller, and the caller's own policies must allow
 * sts:AssumeRole on the role — unless a same-account trust policy names the caller itself.
 * Cross-account, both sides must allow. SCPs, boundaries and session policies apply as usual.
 */
import { evaluate } from '../../policy/index.js'
import type { EvaluationResult, RequestContextValues } from '../../policy/types.js'
import { effectiveRolePermissions, type RoleRecord } from '../core/state.js'
import type { AuthCheck, RequestContext } from '../core/types.js'
import { applyTimeline } from '../timeline/apply.js'
import { denyingPolicyArn } from './authorize-request.js'
import { authorizationRecord } from './check-evaluator.js'
import { accessDeniedError } from './denial-errors.js'
import { accessDeniedMessage } from './denial-message.js'
import { collectPolicySources, parsedPolicy } from './policy-sources.js'
import { baseRequestContext } from './request-context.js'

const ACTION = 'sts:AssumeRole'
/** A role whose creation has not propagated yet has, for authorization, no trust policy at all. */
const NO_TRUST = '{"Version":"2012-10-17","Statement":[]}'

export function authorizeAssumeRole(ctx: RequestContext, role: RoleRecord): void {
  const { caller } = ctx
  if (caller.principalType === 'root') throw accessDeniedError('sts', 'Roles may not be assumed by root accounts.')
  const check: AuthCheck = { action: ACTION, resource: role.arn, context: assumeRoleContext(ctx), reason: 'primary' }
  const effective = role.deleted ? undefined : effectiveRolePermissions(role, ctx.now)
  const sources = collectPolicySources(ctx.state, caller, ctx.now)
  const result = evaluate({
    action: ACTION,
    resource: role.arn,
    principalArn: caller.arn,
    principalAccount: caller.accountId,
    context: check.context as RequestContextValues,
    identityPolicies: sources.identityPolicies,
    serviceControlPolicies: sources.serviceControlPolicies,
    permissionsBoundary: sources.permissionsBoundary,
    sessionPolicies: sources.sessionPolicies,
    resourcePolicy: { id: role.arn, document: parsedPolicy(effective?.trustPolicy ?? NO_TRUST) },
    resourcePolicyType: 'role trust',
  })
  ctx.authorization.push(authorizationRecord(check, result))
  if (result.decision !== 'Allowed') throw assumeRoleDenied(ctx, role, result)
}

function assumeRoleDenied(ctx: RequestContext, role: RoleRecord, result: EvaluationResult) {
  const styles = applyTimeline(ctx, ACTION, []).styles
  const facts = {
    callerArn: ctx.caller.arn,
    action: ACTION,
    resource: role.arn,
    decision: result.decision === 'ExplicitlyDenied' ? ('ExplicitlyDenied' as const) : ('ImplicitlyDenied' as const),
    decidedBy: result.decidedBy,
    policyArn: styles.has('policy-arns') ? denyingPolicyArn(result) : undefined,
  }
  return accessDeniedError('sts', accessDeniedMessage(facts, { reasonClauses: styles.has('reason-clauses') }))
}

function assumeRoleContext(ctx: RequestContext): Record<string, string | string[] | undefined> {
  const params = ctx.params
  const base = baseRequestContext(ctx)
  const context: Record<string, string | string[] | undefined> = {}
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined) context[key] = typeof value === 'string' || Array.isArray(value) ? value : String(value)
  }
  context['sts:ExternalId'] = stringParam(params['ExternalId'])
  context['sts:RoleSessionName'] = stringParam(params['RoleSessionName'])
  context['aws:SourceIdentity'] = stringParam(params['SourceIdentity']) ?? ctx.caller.sourceIdentity
  const tags: Array<{ Key?: unknown; Value?: unknown }> = Array.isArray(params['Tags']) ? params['Tags'] : []
  if (tags.length > 0) context['aws:TagKeys'] = tags.map((tag) => String(tag.Key))
  for (const tag of tags) context[`aws:RequestTag/${String(tag.Key)}`] = String(tag.Value ?? '')
  const transitive = params['TransitiveTagKeys']
  if (Array.isArray(transitive)) context['sts:TransitiveTagKeys'] = transitive.map(String)
  return context
}

const stringParam = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
