/**
 * Policy document validation for the IAM and STS APIs, answered with MalformedPolicyDocument in
 * AWS's words. The grammar lives in the policy module; this only maps its first error to the wire.
 */
import { malformedPolicyMessage, parsePolicy } from '../../../policy/index.js'
import type { PolicyKind } from '../../../policy/types.js'
import { malformedPolicyDocument } from './errors.js'

function parseJson(text: string, kind: PolicyKind): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw malformedPolicyDocument(kind === 'trust' ? 'This policy contains invalid Json' : 'Syntax errors in policy.')
  }
}

/**
 * Throws MalformedPolicyDocument when `text` is not a valid policy of this kind. Inline policies
 * (PutRolePolicy) accept a missing or 2008-10-17 Version, as IAM's legacy grammar does.
 */
export function validatePolicyDocument(text: string, kind: PolicyKind, options: { inline?: boolean } = {}): void {
  const { errors } = parsePolicy(parseJson(text, kind), kind, options)
  if (errors.length > 0) throw malformedPolicyDocument(malformedPolicyMessage(errors, kind))
}
