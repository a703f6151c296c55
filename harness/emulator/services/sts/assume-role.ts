/**
 * AssumeRole as STS answers it: parameter validation, root callers refused, role lookup with IAM
 * propagation (a role not yet effective cannot be assumed), trust evaluation (authz module),
 * session duration limits including role chaining's one hour, and ASIA credentials.
 */

import { authorizeAssumeRole } from '../../authz/index.js'
import { isRegionUsable } from '../../core/region-status.js'
import { isOptInRegion } from '../../core/regions.js'
import { effectiveRolePermissions } from '../../core/state.js'
import type { OperationDefinition, RequestContext } from '../../core/types.js'
import { listParam, optionalInteger, optionalString, requiredString } from '../iam/params.js'
import { findRole } from '../iam/store.js'
import { readTags } from '../iam/tags.js'
import { settleOrganization } from '../organizations/settle.js'
import { issueRoleSession } from './credentials.js'
import { accessDenied, regionDisabled, validationError } from './errors.js'
import { checkSessionPolicy } from './session-policy.js'

const ROLE_CHAINING_MAX_SECONDS = 3600
const SESSION_NAME = { min: 2, max: 64, pattern: /^[\w+=,.@-]*$/, patternText: '[\\w+=,.@-]*' }
const EXTERNAL_ID = { min: 2, max: 1224, pattern: /^[\w+=,.@:/-]*$/, patternText: '[\\w+=,.@:\\/-]*' }
const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\u0021-\u007E]+\/)?)?([\w+=,.@-]+)$/

function readInput(ctx: RequestContext) {
  const p = ctx.params
  const policyArns = listParam<Record<string, unknown>>(p, 'PolicyArns').map((entry) => String(entry?.arn ?? ''))
  if (policyArns.length > 10)
    throw validationError(
      `1 validation error detected: Value '[${policyArns.join(', ')}]' at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 10`,
    )
  return {
    roleArn: requiredString(p, 'RoleArn', { min: 20, max: 2048 }),
    sessionName: requiredString(p, 'RoleSessionName', SESSION_NAME),
    durationSeconds: optionalInteger(p, 'DurationSeconds', { min: 900, max: 43200 }),
    externalId: optionalString(p, 'ExternalId', EXTERNAL_ID),
    policy: optionalString(p, 'Policy', { min: 1, max: 2048 }),
    policyArns,
    sourceIdentity: optionalString(p, 'SourceIdentity', SESSION_NAME),
    tags: readTags(p),
  }
}

const notAuthorized = (ctx: RequestContext, roleArn: string) =>
  accessDenied(`User: ${ctx.caller.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`)

function sessionDuration(ctx: RequestContext, requested: number | undefined, maxSessionDuration: number): number {
  const chained = ctx.caller.principalType === 'assumed-role'
  if (chained && requested !== undefined && requested > ROLE_CHAINING_MAX_SECONDS)
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    )
  if (requested !== undefined && requested > maxSessionDuration)
    throw validationError('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.')
  return requested ?? ROLE_CHAINING_MAX_SECONDS
}

export const assumeRole: OperationDefinition = {
  // sts:AssumeRole is evaluated in the handler by authorizeAssumeRole (trust policy and identity
  // policies in one decision, as AWS does; a same-account trust policy naming the caller suffices),
  // so the generic identity-only pass must not pre-empt it.
  authorize: () => [],
  handler(ctx) {
    settleOrganization(ctx.state)
    const input = readInput(ctx)
    if (ctx.caller.principalType === 'root') throw accessDenied('Roles may not be assumed by root accounts.')
    const match = ROLE_ARN.exec(input.roleArn)
    if (!match) throw validationError(`${input.roleArn} is invalid`)
    const [, accountId, path = '/', roleName] = match
    const account = ctx.state.accounts.get(accountId!)
    const role = account ? findRole(account, roleName!) : undefined
    const now = ctx.state.clock.now()
    if (!account || !role || role.path !== path || !effectiveRolePermissions(role, now))
      throw notAuthorized(ctx, input.roleArn)
    if (account.status !== 'ACTIVE') throw notAuthorized(ctx, input.roleArn)
    if (isOptInRegion(ctx.region) && !isRegionUsable(ctx.state, account.id, ctx.region, now))
      throw regionDisabled(account.id)
    authorizeAssumeRole(ctx, role)
    const durationSeconds = sessionDuration(ctx, input.durationSeconds, role.maxSessionDuration)
    const packedPolicySize = checkSessionPolicy(input.policy, input.policyArns, input.tags)
    const sourceIdentity = input.sourceIdentity ?? ctx.caller.sourceIdentity
    const principalTags = Object.fromEntries([...role.tags, ...input.tags].map((tag) => [tag.Key, tag.Value]))
    const session = issueRoleSession(ctx, {
      role,
      accountId: account.id,
      sessionName: input.sessionName,
      durationSeconds,
      sessionPolicy: input.policy,
      sessionPolicyArns: input.policyArns,
      sourceIdentity,
      principalTags: Object.keys(principalTags).length > 0 ? principalTags : undefined,
    })
    return {
      Credentials: {
        AccessKeyId: session.accessKeyId,
        SecretAccessKey: session.secretAccessKey,
        SessionToken: session.sessionToken,
        Expiration: session.expiresAt,
      },
      AssumedRoleUser: { AssumedRoleId: session.caller.userId, Arn: session.caller.arn },
      ...(packedPolicySize !== undefined ? { PackedPolicySize: packedPolicySize } : {}),
      ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
    }
  },
  cloudTrailResources: (ctx) => [{ ResourceType: 'AWS::IAM::Role', ResourceName: String(ctx.params.RoleArn) }],
  readOnly: true,
}
