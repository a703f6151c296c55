/**
 * One pure parser for AWS access-denied message text. The SDK tells us *that* a call was denied
 * (error name, status); only the message says *what* was denied, in several dialects (aws-facts §3, §5, §7, §8).
 */
import type { DeniedDetails } from './types.js'

const ACTION = '[A-Za-z0-9-]+:[A-Za-z0-9*]+'
/** Where the resource part of a message ends: a context clause, EC2's blob, or the end. */
const RESOURCE_END = String.raw`(?= because no | with an explicit deny|\.? Encoded (?:authorization failure message|Failure):|\.?$)`

export function parseDenialMessage(message: string): DeniedDetails {
  const text = normalizeWhitespace(message)
  const details: DeniedDetails = {}
  Object.assign(details, parseEncodedBlob(text))
  if (parseLogsTagOnCreate(text, details)) return details
  if (/^Roles may not be assumed by root accounts\.?$/.test(text)) {
    return { action: 'sts:AssumeRole', principal: 'root', reason: 'root accounts may not assume roles' }
  }
  parseNotAuthorized(text, details)
  if (!details.action) Object.assign(details, parseBareNotAuthorized(text))
  if (!details.action) Object.assign(details, parseCloudFormationApiPrefix(text))
  if (!details.action) Object.assign(details, parseNoPermissionToCall(text))
  return details
}

/** STS web identity: `Not authorized to perform sts:AssumeRoleWithWebIdentity`. */
function parseBareNotAuthorized(text: string): Partial<DeniedDetails> {
  const match = new RegExp(`^Not authorized to perform:? (${ACTION})`).exec(text)
  return match ? { action: match[1] } : {}
}

/** CloudFormation prefixes the failing call, e.g. `API: iam:CreateRole User: … ` or `API: ec2:RunInstances You are not…`. */
function parseCloudFormationApiPrefix(text: string): Partial<DeniedDetails> {
  const match = new RegExp(String.raw`^API: (${ACTION})\b`).exec(text)
  return match ? { action: match[1] } : {}
}

/**
 * CloudFormation's stack events for calls it makes while creating a stack:
 * `AccessDenied. User doesn't have permission to call ssm:GetParameters` (yugabyte/yugabyte-db#4336).
 */
function parseNoPermissionToCall(text: string): Partial<DeniedDetails> {
  const match = new RegExp(`User doesn'?t have permission to call (${ACTION})`).exec(text)
  return match ? { action: match[1] } : {}
}

/** Wrapped console output and some services put line breaks anywhere, e.g. after "perform:". */
function normalizeWhitespace(message: string): string {
  return message.replace(/\s+/g, ' ').trim()
}

function parseEncodedBlob(text: string): Partial<DeniedDetails> {
  const match = /Encoded (?:authorization failure message|Failure): ?<?([A-Za-z0-9_\-+/=]+)>?\.?$/.exec(text)
  return match ? { encodedMessage: match[1] } : {}
}

/**
 * CloudWatch Logs' tag-on-create message (Nov 2022): names no action. Its 2023 form names the additional permission.
 * Either way the fix is a tagging permission, so the reason is 'tag-on-create'.
 */
function parseLogsTagOnCreate(text: string, details: DeniedDetails): boolean {
  const match =
    /User with account ?I[Dd]: ?(\S+?) is not authorized to perform (\w+) with Tags\.?(?: An additional permission "([^"]+)" is required\.?)?/.exec(
      text,
    )
  if (!match) return false
  details.principal = match[1]
  details.reason = 'tag-on-create'
  details.operation = match[2]
  if (match[3]) details.action = match[3]
  else details.actionCandidates = ['logs:TagResource', 'logs:TagLogGroup']
  return true
}

/** `User: <principal> is not authorized to perform: <action>[ on resource: <res>][ <context clause>][: <policy arn>][.]` */
function parseNotAuthorized(text: string, details: DeniedDetails): void {
  const head = new RegExp(String.raw`User:? ?(\S+) is not authorized to perform:? (${ACTION})`).exec(text)
  if (!head) return
  details.principal = head[1]
  details.action = head[2]
  const rest = text.slice(head.index + head[0].length)
  const resource = new RegExp(`^ on (?:resource: ?)?(.+?)${RESOURCE_END}`).exec(rest)
  if (resource?.[1]) details.resource = unquote(resource[1].trim())
  Object.assign(details, parseContextClause(rest))
}

function unquote(resource: string): string {
  return resource.replace(/^"(.*)"$/, '$1')
}

/** The context clause added in 2021 (IAM UG troubleshoot_access-denied), with the 2026 policy-ARN suffix. */
function parseContextClause(rest: string): Partial<DeniedDetails> {
  const implicit = /because no (.+?) (?:policy |policies )?allows? the \S+ action(?:: (arn:\S+?))?\.?(?: |$)/.exec(rest)
  if (implicit?.[1]) {
    const policyType = normalizePolicyType(implicit[1])
    return withArn(
      { policyType, reason: `no ${implicit[1]}${policyTypeNeedsWordPolicy(implicit[1]) ? ' policy' : ''} allows` },
      implicit[2],
    )
  }
  const explicit =
    /with an (explicit deny(?: in (?:a|an|the) (permissions boundary(?: policy)?|.+? polic(?:y|ies))(?: transitively through an? .+? policy)?)?)(?:: (arn:\S+?))?\.?(?: |$)/.exec(
      rest,
    )
  if (explicit?.[1]) {
    const reason = explicit[1]
    return withArn(explicit[2] ? { reason, policyType: normalizePolicyType(explicit[2]) } : { reason }, explicit[3])
  }
  return {}
}

/** "no permissions boundary allows" has no word "policy"; every other type does. */
function policyTypeNeedsWordPolicy(type: string): boolean {
  return type !== 'permissions boundary'
}

/** 'sessions policy' → 'session'; 'permissions boundary policy' → 'permissions boundary'. */
function normalizePolicyType(type: string): string {
  const bare = type.replace(/ polic(?:y|ies)$/, '')
  return bare === 'sessions' ? 'session' : bare
}

function withArn(details: Partial<DeniedDetails>, policyArn: string | undefined): Partial<DeniedDetails> {
  return policyArn ? { ...details, policyArn } : details
}
