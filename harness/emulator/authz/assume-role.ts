/**
 * sts:AssumeRole authorization as AWS does it, in one evaluation: the role's trust policy (as it
 * stands after IAM propagation) must allow the caller, and the caller's own policies must allow
 * sts:AssumeRole on the role — unless a same-account trust policy names the caller itself.
 * Cross-account, both sides must allow. SCPs, boundaries and session policies apply as usual.
 * Passing session tags or a source identity needs sts:TagSession / sts:SetSourceIdentity on the
 * role, evaluated the same way (IAM UG id_session-tags, id_credentials_temp_control-access_monitor).
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

/** The operation, for the timeline's message styles (whichever of its actions was denied). */
const OPERATION_KEY = 'sts:AssumeRole'
type AssumeRoleAction = 'sts:AssumeRole' | 'sts:TagSession' | 'sts:SetSourceIdentity'
/** A role whose creation has not propagated yet has, for authorization, no trust policy at all. */
const NO_TRUST = '{"Version":"2012-10-17","Statement":[]}'

export function authorizeAssumeRole(ctx: RequestContext, role: RoleRecord): void {
  const { caller } = ctx
  if (caller.principalType === 'root') throw accessDeniedError('sts', 'Roles may not be assumed by root accounts.')
  const context = assumeRoleContext(ctx)
  const effective = role.deleted ? undefined : effectiveRolePermissions(role, ctx.now)
  const sources = collectPolicySources(ctx.state, caller, ctx.now)
  const trustPolicy = { id: role.arn, document: parsedPolicy(effective?.trustPolicy ?? NO_TRUST) }
  for (const action of requiredActions(ctx)) {
    const check: AuthCheck = { action, resource: role.arn, context, reason: 'primary' }
    const result = evaluate({
      action,
      resource: role.arn,
      principalArn: caller.arn,
      principalAccount: caller.accountId,
      context: context as RequestContextValues,
      identityPolicies: sources.identityPolicies,
      serviceControlPolicies: sources.serviceControlPolicies,
      permissionsBoundary: sources.permissionsBoundary,
      sessionPolicies: sources.sessionPolicies,
      resourcePolicy: trustPolicy,
      resourcePolicyType: 'role trust',
    })
    ctx.authorization.push(authorizationRecord(check, result))
    if (result.decision !== 'Allowed') throw assumeRoleDenied(ctx, role, action, result)
  }
}

/** sts:AssumeRole, plus the actions for what the request adds to the session. */
function requiredActions(ctx: RequestContext): AssumeRoleAction[] {
  const actions: AssumeRoleAction[] = ['sts:AssumeRole']
  const tags = ctx.params['Tags']
  const transitive = ctx.params['TransitiveTagKeys']
  if ((Array.isArray(tags) && tags.length > 0) || (Array.isArray(transitive) && transitive.length > 0))
    actions.push('sts:TagSession')
  if (stringParam(ctx.params['SourceIdentity']) !== undefined) actions.push('sts:SetSourceIdentity')
  return actions
}

function assumeRoleDenied(ctx: RequestContext, role: RoleRecord, action: AssumeRoleAction, result: EvaluationResult) {
  const styles = applyTimeline(ctx, OPERATION_KEY, []).styles
  const facts = {
    callerArn: ctx.caller.arn,
    action,
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
  // sts:SourceIdentity is what this request sets; aws:SourceIdentity also carries a chained session's.
  context['sts:SourceIdentity'] = stringParam(params['SourceIdentity'])
  context['aws:SourceIdentity'] = stringParam(params['SourceIdentity']) ?? ctx.caller.sourceIdentity
  const tags: Array<{ Key?: unknown; Value?: unknown }> = Array.isArray(params['Tags']) ? params['Tags'] : []
  if (tags.length > 0) context['aws:TagKeys'] = tags.map((tag) => String(tag.Key))
  for (const tag of tags) context[`aws:RequestTag/${String(tag.Key)}`] = String(tag.Value ?? '')
  const transitive = params['TransitiveTagKeys']
  if (Array.isArray(transitive)) context['sts:TransitiveTagKeys'] = transitive.map(String)
  return context
}

const stringParam = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
