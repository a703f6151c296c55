/**
 * Decisions remembered per policy set, action, resource and principal, so a caller repeating a call
 * does not run the policy evaluator again. Only for policy sets in which no statement reads the
 * request context (no Condition, no policy variable): the evaluator's answer for those depends on the
 * documents, the action, the resource and the principal alone, which make up the key.
 *
 * Never stale: a policy set is keyed by its document objects (parsedPolicy() gives one object per
 * document text) and names, collected afresh for every request, so editing a policy, attaching or
 * detaching one, an SCP, a permissions boundary, a session policy, or a role version finishing its
 * propagation, each makes another key. The timeline decides which checks a request makes before any
 * of them is evaluated, so it needs no part in the key; time-dependent conditions (aws:CurrentTime)
 * make a policy set uncacheable.
 */
import type { EvaluationResult, NamedPolicy, ParsedPolicy } from '../../policy/types.js'
import type { PolicySources } from './policy-sources.js'

/** Bounds memory: past this many decisions the cache starts over. */
const MAX_DECISIONS = 20_000

const serials = new WeakMap<ParsedPolicy, number>()
let nextSerial = 1
const ignoresContextByDocument = new WeakMap<ParsedPolicy, boolean>()
const decisions = new Map<string, Map<string, EvaluationResult>>()
let decisionCount = 0

export interface DecisionKey {
  /** The policy set, from policySetKey. */
  policySet: string
  action: string
  resource: string
  principalArn: string
  principalAccount: string
}

function isParsedPolicy(document: NamedPolicy['document']): document is ParsedPolicy {
  return typeof document === 'object' && Array.isArray((document as ParsedPolicy).statements)
}

/** True when no statement has a Condition or a `${…}` policy variable in Resource/NotResource. */
function ignoresContext(document: ParsedPolicy): boolean {
  let ignores = ignoresContextByDocument.get(document)
  if (ignores === undefined) {
    ignores = document.statements.every(
      (statement) =>
        statement.Condition === undefined &&
        !JSON.stringify([statement.Resource, statement.NotResource]).includes('${'),
    )
    ignoresContextByDocument.set(document, ignores)
  }
  return ignores
}

function serialOf(document: ParsedPolicy): number {
  let serial = serials.get(document)
  if (serial === undefined) {
    serial = nextSerial++
    serials.set(document, serial)
  }
  return serial
}

/** The policy set's identity, or undefined when a decision could depend on the request context. */
export function policySetKey(sources: PolicySources): string | undefined {
  const parts: string[] = []
  const add = (kind: string, policy: NamedPolicy): boolean => {
    const document = policy.document
    if (!isParsedPolicy(document) || !ignoresContext(document)) return false
    parts.push(`${kind}${serialOf(document)}:${policy.id}`)
    return true
  }
  for (const policy of sources.identityPolicies) if (!add('i', policy)) return undefined
  if (sources.permissionsBoundary && !add('b', sources.permissionsBoundary)) return undefined
  // An empty session policy list differs from none: a session with policies must be allowed by them.
  if (sources.sessionPolicies) {
    parts.push('s')
    for (const policy of sources.sessionPolicies) if (!add('s', policy)) return undefined
  }
  for (const [level, policies] of (sources.serviceControlPolicies ?? []).entries()) {
    parts.push(`c${level}`)
    for (const policy of policies) if (!add('c', policy)) return undefined
  }
  return parts.join('\n')
}

const checkKey = (key: DecisionKey) => `${key.action}\n${key.resource}\n${key.principalArn}\n${key.principalAccount}`

export function cachedDecision(key: DecisionKey): EvaluationResult | undefined {
  return decisions.get(key.policySet)?.get(checkKey(key))
}

/** Remembers a decision; it is frozen, since every later request with the same key shares it. */
export function rememberDecision(key: DecisionKey, result: EvaluationResult): EvaluationResult {
  if (decisionCount >= MAX_DECISIONS) {
    decisions.clear()
    decisionCount = 0
  }
  const frozen = Object.freeze({
    ...result,
    matchedStatements: Object.freeze(result.matchedStatements.map((matched) => Object.freeze({ ...matched }))),
  }) as EvaluationResult
  let forSet = decisions.get(key.policySet)
  if (!forSet) {
    forSet = new Map()
    decisions.set(key.policySet, forSet)
  }
  forSet.set(checkKey(key), frozen)
  decisionCount++
  return frozen
}
