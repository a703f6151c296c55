/**
 * The global condition keys AWS puts in every request context (IAM UG
 * reference_policies_condition-keys), computed once per request; checks add their own keys.
 */
import type { RequestContextValues } from '../../policy/types.js'
import type { RequestContext } from '../core/types.js'

const PRINCIPAL_TYPE = { root: 'Account', user: 'User', 'assumed-role': 'AssumedRole' } as const

/** aws:PrincipalArn is the role's ARN (not the session's) for assumed roles. */
export function principalArnOf(ctx: RequestContext): string {
  return ctx.caller.roleArn ?? ctx.caller.arn
}

export function baseRequestContext(ctx: RequestContext): RequestContextValues {
  const { caller, state } = ctx
  const values: RequestContextValues = {
    'aws:RequestedRegion': ctx.region,
    'aws:PrincipalArn': principalArnOf(ctx),
    'aws:PrincipalAccount': caller.accountId,
    'aws:PrincipalOrgID':
      state.organization && state.accounts.has(caller.accountId) ? state.organization.id : undefined,
    'aws:PrincipalType': PRINCIPAL_TYPE[caller.principalType],
    'aws:userid': caller.userId,
    'aws:username': caller.principalType === 'user' ? caller.userName : undefined,
    'aws:SourceIdentity': caller.sourceIdentity,
    'aws:CurrentTime': ctx.now.toISOString(),
    'aws:EpochTime': String(Math.floor(ctx.now.getTime() / 1000)),
    'aws:SecureTransport': ctx.secureTransport,
    'aws:SourceIp': ctx.sourceIp,
    'aws:ViaAWSService': false,
    'aws:PrincipalIsAWSService': false,
  }
  for (const [key, value] of Object.entries(principalTags(ctx))) values[`aws:PrincipalTag/${key}`] = value
  if (ctx.calledVia?.length) {
    // A forward access session: the calling services, and aws:ViaAWSService (IAM UG, access_forward_access_sessions).
    values['aws:CalledVia'] = [...ctx.calledVia]
    values['aws:CalledViaFirst'] = ctx.calledVia[0]
    values['aws:CalledViaLast'] = ctx.calledVia.at(-1)
    values['aws:ViaAWSService'] = true
  }
  return values
}

/** Session tags for assumed roles (set by STS), the user's tags for IAM users. */
function principalTags(ctx: RequestContext): Record<string, string> {
  const { caller } = ctx
  if (caller.principalTags) return caller.principalTags
  if (caller.principalType !== 'user' || !caller.userName) return {}
  const user = ctx.state.accounts.get(caller.accountId)?.iam.users.get(caller.userName)
  return Object.fromEntries((user?.tags ?? []).map((tag) => [tag.Key, tag.Value]))
}

/** Merges a check's own keys (dropping undefined values) over the base context. */
export function withCheckContext(
  base: RequestContextValues,
  extra: Record<string, string | string[] | undefined> | undefined,
): RequestContextValues {
  if (!extra) return base
  const merged: RequestContextValues = Object.assign(Object.create(null), base)
  for (const key in extra) {
    const value = extra[key]
    if (value !== undefined) merged[key] = value
  }
  return merged
}
