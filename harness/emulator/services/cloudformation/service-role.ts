/**
 * The stack's service role (CreateStack RoleARN). Passing it needs iam:PassRole with
 * iam:PassedToService cloudformation.amazonaws.com; CloudFormation then makes every call for the stack
 * with the role's credentials instead of the caller's, in a session named AWSCloudFormation, so the
 * role's policies (with the account's SCPs) decide
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-iam-servicerole.html).
 * A role that does not exist, has not propagated or does not trust cloudformation.amazonaws.com is
 * "Role <arn> is invalid or cannot be assumed" (ValidationError; FACTS.md, CloudFormation).
 */
import { AwsError } from '../../core/errors.js'
import { effectiveRolePermissions } from '../../core/state.js'
import type { AuthCheck, Caller, RequestContext } from '../../core/types.js'

const ROLE_ARN = /^arn:aws[\w-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/
export const CLOUDFORMATION = 'cloudformation.amazonaws.com'
const SESSION_NAME = 'AWSCloudFormation'

export function passServiceRoleChecks(ctx: RequestContext): AuthCheck[] {
  const role = ctx.params.RoleARN
  if (typeof role !== 'string' || role === '') return []
  return [
    { action: 'iam:PassRole', resource: role, context: { 'iam:PassedToService': CLOUDFORMATION }, reason: 'pass-role' },
  ]
}

/** The session CloudFormation works in for a stack with this role; throws when it cannot assume it. */
export function serviceRoleCaller(ctx: RequestContext, roleArn: string): Caller {
  const match = ROLE_ARN.exec(roleArn)
  if (!match) throw new AwsError('ValidationError', `${roleArn} is not a valid RoleARN`)
  const [, accountId, name] = match as unknown as [string, string, string]
  const role =
    accountId === ctx.caller.accountId
      ? ctx.state.accounts.get(accountId)?.iam.roles.get(name.toLowerCase())
      : undefined
  const effective = role && !role.deleted ? effectiveRolePermissions(role, ctx.now) : undefined
  if (!role || !effective || !trustsService(effective.trustPolicy, CLOUDFORMATION)) {
    throw new AwsError('ValidationError', `Role ${roleArn} is invalid or cannot be assumed`)
  }
  return {
    accountId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${role.roleName}/${SESSION_NAME}`,
    principalType: 'assumed-role',
    userId: `${role.roleId}:${SESSION_NAME}`,
    accessKeyId: '',
    roleArn: role.arn,
    roleName: role.roleName,
    sessionName: SESSION_NAME,
  }
}

interface TrustStatement {
  Effect?: string
  Action?: string | string[]
  Principal?: { Service?: string | string[] } | string
}

/**
 * Whether the trust policy lets `service` assume the role: an Allow of sts:AssumeRole (or a wildcard of it)
 * naming the service principal, and no Deny naming it. A mention elsewhere (a Deny, a Condition value) is
 * not trust (review: a substring match took it for trust). Conditions on the Allow are not evaluated.
 */
export function trustsService(trustPolicy: string, service: string): boolean {
  let statements: TrustStatement[]
  try {
    const parsed = JSON.parse(trustPolicy) as { Statement?: TrustStatement | TrustStatement[] }
    statements = [parsed.Statement ?? []].flat()
  } catch {
    return false
  }
  const names = (statement: TrustStatement) =>
    typeof statement.Principal === 'object' && [statement.Principal.Service ?? []].flat().includes(service)
  const assumes = (statement: TrustStatement) =>
    [statement.Action ?? []].flat().some((action) => /^sts:(AssumeRole|\*)$|^\*$/i.test(action))
  const matching = statements.filter((statement) => names(statement) && assumes(statement))
  return matching.some((s) => s.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny')
}
