/**
 * AWS's AccessDenied wording (IAM UG troubleshoot_access-denied; aws-facts §3, §5, §7, §8). Pure.
 * `reasonClauses` is the 2021 timeline change: before it, implicit denials had no clause and
 * explicit ones said only "with an explicit deny".
 */
import type { Decision, PolicyType } from '../../policy/types.js'

export interface DenialFacts {
  callerArn: string
  action: string
  resource: string
  decision: Exclude<Decision, 'Allowed'>
  decidedBy: PolicyType
  /** The denying policy's ARN, shown after explicit denies since the 2026 change (omit otherwise). */
  policyArn?: string
}

const IMPLICIT_SUBJECT: Record<PolicyType, string> = {
  'identity-based': 'no identity-based policy',
  'resource-based': 'no resource-based policy',
  'service control': 'no service control policy',
  'resource control': 'no resource control policy',
  'permissions boundary': 'no permissions boundary',
  session: 'no session policy',
  'role trust': 'no role trust policy',
}

const EXPLICIT_PLACE: Record<PolicyType, string> = {
  'identity-based': 'an identity-based policy',
  'resource-based': 'a resource-based policy',
  'service control': 'a service control policy',
  'resource control': 'a resource control policy',
  'permissions boundary': 'a permissions boundary',
  session: 'a sessions policy',
  'role trust': 'the role trust policy',
}

/** `because no identity-based policy allows the logs:CreateLogGroup action` / `with an explicit deny in …`. */
export function reasonClause(
  facts: Pick<DenialFacts, 'action' | 'decision' | 'decidedBy' | 'policyArn'>,
  reasonClauses: boolean,
) {
  if (facts.decision === 'ExplicitlyDenied') {
    if (!reasonClauses) return 'with an explicit deny'
    const suffix = facts.policyArn ? `: ${facts.policyArn}` : ''
    return `with an explicit deny in ${EXPLICIT_PLACE[facts.decidedBy]}${suffix}`
  }
  return reasonClauses ? `because ${IMPLICIT_SUBJECT[facts.decidedBy]} allows the ${facts.action} action` : ''
}

/** `User: <arn> is not authorized to perform: <action>[ on resource: <arn>][ <clause>]`. */
export function accessDeniedMessage(facts: DenialFacts, options: { reasonClauses: boolean; omitResource?: boolean }) {
  const onResource = options.omitResource ? '' : ` on resource: ${facts.resource}`
  const clause = reasonClause(facts, options.reasonClauses)
  return `User: ${facts.callerArn} is not authorized to perform: ${facts.action}${onResource}${clause ? ` ${clause}` : ''}`
}

export const EC2_UNAUTHORIZED_PREFIX = 'You are not authorized to perform this operation.'

/**
 * EC2's UnauthorizedOperation text. Old: the prefix and the encoded blob. Verbose (≈2024): the
 * prefix, the denial sentence, then the blob. Describe* calls carry no encoded message.
 */
export function ec2UnauthorizedMessage(
  facts: DenialFacts,
  options: { verbose: boolean; encoded?: string; omitResource?: boolean },
): string {
  const parts = [EC2_UNAUTHORIZED_PREFIX]
  if (options.verbose) {
    const sentence = accessDeniedMessage(facts, { reasonClauses: true, omitResource: options.omitResource })
    parts.push(options.encoded ? `${sentence}.` : sentence)
  }
  if (options.encoded) parts.push(`Encoded authorization failure message: ${options.encoded}`)
  return parts.join(' ')
}

/** The CloudWatch Logs tag-on-create denial (2022), with the 2023 addition when `additionalPermission`. */
export function logsTagOnCreateMessage(accountId: string, additionalPermission: boolean): string {
  const base = `User with accountId: ${accountId} is not authorized to perform CreateLogGroup with Tags`
  return additionalPermission ? `${base}. An additional permission "logs:TagResource" is required.` : base
}
