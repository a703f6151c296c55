/**
 * Policy document validation for the IAM and STS APIs, answered with MalformedPolicyDocument in
 * AWS's words. A minimal structural check for now: the single place to swap in the policy module's
 * full validator (harness/policy) once it lands.
 */
import { malformedPolicyMessage, parsePolicy } from '../../../policy/index.js'
import type { PolicyKind } from '../../../policy/types.js'
import { malformedPolicyDocument } from './errors.js'

const VERSIONS = new Set(['2012-10-17', '2008-10-17'])
const ACTION_FORMAT = /^(\*|[^:\s]+:\S*)$/

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value])

function parseJson(text: string, kind: PolicyKind): Record<string, unknown> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw malformedPolicyDocument(kind === 'trust' ? 'This policy contains invalid Json' : 'Syntax errors in policy.')
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw malformedPolicyDocument('Syntax errors in policy.')
  return parsed as Record<string, unknown>
}

function checkStatement(statement: unknown, kind: PolicyKind): void {
  if (!statement || typeof statement !== 'object' || Array.isArray(statement))
    throw malformedPolicyDocument('Syntax errors in policy.')
  const s = statement as Record<string, unknown>
  if (s.Effect !== 'Allow' && s.Effect !== 'Deny')
    throw malformedPolicyDocument(
      s.Effect === undefined ? 'Missing required field Effect' : 'Invalid effect: ' + String(s.Effect),
    )
  const hasPrincipal = s.Principal !== undefined || s.NotPrincipal !== undefined
  if (kind === 'trust' || kind === 'resource') {
    if (!hasPrincipal) throw malformedPolicyDocument('Missing required field Principal')
  } else if (hasPrincipal) {
    throw malformedPolicyDocument('Policy document should not specify a principal.')
  }
  const actions = [...asList(s.Action), ...asList(s.NotAction)]
  if (actions.length === 0) throw malformedPolicyDocument('Policy statement must contain actions.')
  for (const action of actions) {
    if (typeof action !== 'string' || !ACTION_FORMAT.test(action))
      throw malformedPolicyDocument('Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.')
  }
  const hasResource = s.Resource !== undefined || s.NotResource !== undefined
  if (kind === 'trust' && hasResource) throw malformedPolicyDocument('Has prohibited field Resource')
  if (kind !== 'trust' && !hasResource) throw malformedPolicyDocument('Policy statement must contain resources.')
  if (s.Condition !== undefined && (typeof s.Condition !== 'object' || Array.isArray(s.Condition)))
    throw malformedPolicyDocument('Syntax errors in policy.')
}

/** Throws MalformedPolicyDocument when `text` is not a valid policy of this kind. */
export function validatePolicyDocument(text: string, kind: PolicyKind): void {
  const document = parseJson(text, kind)
  const { errors } = parsePolicy(document, kind)
  if (errors.length > 0) throw malformedPolicyDocument(malformedPolicyMessage(errors, kind))
  if (document.Version !== undefined && !VERSIONS.has(String(document.Version)))
    throw malformedPolicyDocument('The policy failed legacy parsing')
  if (document.Statement === undefined) throw malformedPolicyDocument('Syntax errors in policy.')
  const statements = asList(document.Statement)
  if (statements.length === 0) throw malformedPolicyDocument('Syntax errors in policy.')
  for (const statement of statements) checkStatement(statement, kind)
}
