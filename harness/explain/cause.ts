/**
 * The parsed context clause → why AWS refused and where a fix goes. The policy types and their wording are
 * the IAM User Guide's (troubleshoot_access-denied: "because no <type> policy allows" / "with an explicit
 * deny in a <type> policy"; aws-facts §8).
 */
import { NO_MESSAGE_REASON } from '../outcomes/failed-call.js'
import type { DeniedDetails } from '../outcomes/types.js'
import type { DenialCause } from './types.js'

interface CauseText {
  cause: DenialCause
  reason: string
  fixWhere: string
}

const IMPLICIT: Record<string, CauseText> = {
  'identity-based': {
    cause: 'no-identity-policy',
    reason: 'no identity-based policy allows the action (implicit deny)',
    fixWhere: "add the statement to the principal's identity-based policy (the declared policy)",
  },
  'service control': {
    cause: 'service-control-policy',
    reason: "no service control policy of the account's organization allows the action",
    fixWhere: 'allow the action in the SCPs attached to the account and its OUs (the management account owns them)',
  },
  'resource control': {
    cause: 'resource-control-policy',
    reason: 'no resource control policy allows the action',
    fixWhere: "allow the action in the organization's resource control policies",
  },
  'permissions boundary': {
    cause: 'permissions-boundary',
    reason: "the principal's permissions boundary does not allow the action",
    fixWhere: 'add the statement to the permissions boundary policy as well as to the identity-based policy',
  },
  session: {
    cause: 'session-policy',
    reason: 'the session policy passed to AssumeRole/GetFederationToken does not allow the action',
    fixWhere: 'add the statement to the session policy the caller passes when it assumes the role',
  },
  'resource-based': {
    cause: 'resource-policy',
    reason: "the resource's policy does not allow this principal (needed across accounts or for this service)",
    fixWhere: "add the statement, with a Principal naming the caller, to the resource's policy",
  },
  'role trust': {
    cause: 'role-trust-policy',
    reason: "the role's trust policy does not let this principal assume it",
    fixWhere: "add the principal to the role's trust policy (AssumeRolePolicyDocument)",
  },
  'VPC endpoint': {
    cause: 'vpc-endpoint-policy',
    reason: 'the policy of the VPC endpoint the call went through does not allow the action',
    fixWhere: 'allow the action in the VPC endpoint policy',
  },
}

export function causeOf(details: DeniedDetails): CauseText {
  if (details.reason === 'tag-on-create') {
    return {
      cause: 'tag-on-create',
      reason: 'creating the resource with tags also needs a tagging permission (tag-on-create)',
      fixWhere: "add the tagging permission to the principal's identity-based policy (the declared policy)",
    }
  }
  const reason = details.reason ?? ''
  if (reason === NO_MESSAGE_REASON) {
    return {
      cause: 'unstated',
      reason: `AWS answered 403 with no message (a HEAD response has no body): ${details.action ?? 'the action'} is the permission AWS checks for ${details.operation ?? 'the call'}`,
      fixWhere:
        "most often the principal's identity-based policy; check SCPs, the permissions boundary and session policy too",
    }
  }
  if (reason.startsWith('explicit deny') || /explicit deny/.test(reason)) {
    const where = details.policyType
      ? `${/^[aeiou]/i.test(details.policyType) ? 'an' : 'a'} ${details.policyType} policy`
      : 'a policy'
    return {
      cause: 'explicit-deny',
      reason: `an explicit Deny in ${where}${details.policyArn ? ` (${details.policyArn})` : ''} matches the request`,
      fixWhere: `no Allow can override an explicit Deny: change or remove the Deny statement in ${where}`,
    }
  }
  if (reason.startsWith('no ') && details.policyType) {
    const known = IMPLICIT[details.policyType]
    if (known) return known
    return {
      cause: 'unstated',
      reason: `no ${details.policyType} policy allows the action`,
      fixWhere: `allow the action in the ${details.policyType} policy`,
    }
  }
  if (reason === 'no policy allows (decoded message)') {
    return {
      cause: 'unstated',
      reason: 'no policy allows the action (the decoded message does not name the policy type)',
      fixWhere:
        "most often the principal's identity-based policy; the decoded message's matchedStatements list what did match",
    }
  }
  if (reason === 'root accounts may not assume roles') {
    return {
      cause: 'unstated',
      reason: 'the root user of an account may not assume roles',
      fixWhere: 'call AssumeRole as an IAM user or role, not as root',
    }
  }
  return {
    cause: 'unstated',
    reason: 'the message does not say which policy denied it (older message format)',
    fixWhere:
      "most often the principal's identity-based policy; check SCPs, the permissions boundary and session policy too",
  }
}
