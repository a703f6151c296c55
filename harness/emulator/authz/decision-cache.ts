/**
 * Decisions remembered per policy set, action, resource and principal, so a caller repeating a call
 * does not run the policy evaluator again. Only for policy sets in which no statement reads the
 * request context (no Condition, no policy variable): the evaluator's answer for those depends on the
 * documents, the action, the resource and the principal alone, which make up the key. When every
 * statement's Resource is "*", the resource is left out too (a create call names a new one each time).
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
const traitsByDocument = new WeakMap<ParsedPolicy, DocumentTraits>()
const decisions = new Map<string, ForPolicySet>()
let decisionCount = 0

export interface DecisionKey {
  /** The policy set, from policySetKey. */
  policySet: PolicySetKey
  action: string
  resource: string
  principalArn: string
  principalAccount: string
}

export interface PolicySetKey {
  key: string
  /** False when every statement's Resource matches any resource ("*"), so the resource needs no part in the key. */
  resourceMatters: boolean
}

interface DocumentTraits {
  /** No Condition and no `${…}` policy variable in Resource/NotResource. */
  ignoresContext: boolean
  /** No NotResource, and every Resource is absent or includes "*" (which matches every resource). */
  anyResource: boolean
}

function isParsedPolicy(document: NamedPolicy['document']): document is ParsedPolicy {
  return typeof document === 'object' && Array.isArray((document as ParsedPolicy).statements)
}

function traitsOf(document: ParsedPolicy): DocumentTraits {
  let traits = traitsByDocument.get(document)
  if (!traits) {
    const { statements } = document
    traits = {
      ignoresContext: statements.every(
        (statement) =>
          statement.Condition === undefined &&
          !JSON.stringify([statement.Resource, statement.NotResource]).includes('${'),
      ),
      anyResource: statements.every(
        ({ Resource, NotResource }) =>
          NotResource === undefined &&
          (Resource === undefined || Resource === '*' || (Array.isArray(Resource) && Resource.includes('*'))),
      ),
    }
    traitsByDocument.set(document, traits)
  }
  return traits
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
export function policySetKey(sources: PolicySources): PolicySetKey | undefined {
  const parts: string[] = []
  let resourceMatters = false
  const add = (kind: string, policy: NamedPolicy): boolean => {
    const document = policy.document
    if (!isParsedPolicy(document)) return false
    const traits = traitsOf(document)
    if (!traits.ignoresContext) return false
    if (!traits.anyResource) resourceMatters = true
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
  return { key: parts.join('\n'), resourceMatters }
}

/**
 * Nested maps, policy set → principal ARN → principal account → action → resource (or "*"): each
 * level is a lookup on a string the request already holds, where one joined key would build and hash
 * a new string of a hundred-odd characters per check.
 */
type Level<T> = Map<string, T>
type ForPolicySet = Level<Level<Level<Level<EvaluationResult>>>>

/** The resource stays out of the key when no policy in the set tells one resource from another. */
const resourcePart = ({ policySet, resource }: DecisionKey) => (policySet.resourceMatters ? resource : '*')

export function cachedDecision(key: DecisionKey): EvaluationResult | undefined {
  return decisions
    .get(key.policySet.key)
    ?.get(key.principalArn)
    ?.get(key.principalAccount)
    ?.get(key.action)
    ?.get(resourcePart(key))
}

function levelOf<T>(parent: Level<T>, name: string, create: () => T): T {
  let level = parent.get(name)
  if (level === undefined) {
    level = create()
    parent.set(name, level)
  }
  return level
}

/** Remembers a decision; it is frozen, since every later request with the same key shares it. */
export function rememberDecision(key: DecisionKey, result: EvaluationResult): EvaluationResult {
  if (decisionCount >= MAX_DECISIONS) {
    decisions.clear()
    decisionCount = 0
  }
  const matchedStatements = result.matchedStatements.map(({ policyType, policyId, sid, index, effect }) =>
    Object.freeze({ policyType, policyId, sid, index, effect }),
  )
  const frozen = Object.freeze({ ...result, matchedStatements: Object.freeze(matchedStatements) }) as EvaluationResult
  const forSet = levelOf<ForPolicySet>(decisions, key.policySet.key, () => new Map())
  const forPrincipal = levelOf(forSet, key.principalArn, () => new Map())
  const forAccount = levelOf(forPrincipal, key.principalAccount, () => new Map())
  const forAction = levelOf(forAccount, key.action, () => new Map())
  forAction.set(resourcePart(key), frozen)
  decisionCount++
  return frozen
}
