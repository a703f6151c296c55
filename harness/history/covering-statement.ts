/**
 * Which statement of the declared policy already covers a denied resource (pure). A fix amends that statement
 * (same resource scope) rather than adding a wider one: `repository/harness-repo-*` stays `repository/harness-repo-*`.
 */

import { compareText } from '../compare-text.js'
import { matchesAction, matchesResource } from '../policy/matching.js'

/** A statement as stored in the run record: any JSON, read defensively. */
type StatementLike = Record<string, unknown>

export interface CoveringStatement {
  /** Position in the policy's Statement list (a single-object Statement is index 0). */
  index: number
  sid?: string
  /** The statement's own Resource pattern that matched (or, with no resource named, its first one). */
  resource: string
  /** `Sid "EcrCreateTaggedRepository"` or `Statement[2]`, for text. */
  label: string
}

export interface CoverQuery {
  /** The resource the denial named, if it named one. */
  resource?: string
  /** The actions the denial asks for (the first is the one a fix adds). */
  actions: string[]
  /** The operation's own action, e.g. `logs:CreateLogGroup`, for denials that name no resource. */
  operationAction?: string
  /** The condition the fix must carry (EC2 tag-on-create); only a statement with the same condition is amended. */
  condition?: unknown
}

export const statementsOf = (policy: unknown): StatementLike[] => {
  if (typeof policy !== 'object' || policy === null) return []
  const statement = (policy as { Statement?: unknown }).Statement
  const list = Array.isArray(statement) ? statement : statement ? [statement] : []
  return list.filter((s): s is StatementLike => typeof s === 'object' && s !== null && !Array.isArray(s))
}

export const asList = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v) => typeof v === 'string') : []

/**
 * The Allow statement whose Resource matches the denied resource, preferring one that already grants an action
 * of the same service (the statement a person wrote for this call); with no resource named, the statement that
 * grants the operation's own action. Statements with NotAction/NotResource or another condition are never amended.
 */
export function findCoveringStatement(policy: unknown, query: CoverQuery): CoveringStatement | undefined {
  const service = (query.actions[0] ?? query.operationAction ?? '').split(':')[0] ?? ''
  const candidates = statementsOf(policy)
    .map((statement, index) => ({ statement, index }))
    .filter(({ statement }) => isAmendable(statement, query.condition))
  const scored = candidates.flatMap(({ statement, index }) => {
    const resource = matchedResource(statement, query)
    if (!resource) return []
    const actions = asList(statement.Action)
    const grantsOperation = query.operationAction
      ? actions.some((pattern) => safeMatchAction(pattern, query.operationAction!))
      : false
    const sameService = actions.some((pattern) => pattern.split(':')[0] === service)
    return [{ index, statement, resource, score: (grantsOperation ? 2 : 0) + (sameService ? 1 : 0) }]
  })
  const best = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.index - b.index)[0]
  return best ? located(best.statement, best.index, best.resource) : undefined
}

/**
 * The one statement that covers every resource of a fix that needs several (EC2 tag-on-create: each type the
 * creating call can tag), so amending it fixes them all; undefined when no single statement does.
 */
export function findStatementCoveringAll(
  policy: unknown,
  query: Omit<CoverQuery, 'resource'>,
  resources: readonly string[],
): CoveringStatement | undefined {
  const found = resources.map((resource) => findCoveringStatement(policy, { ...query, resource }))
  const first = found[0]
  return first && found.every((covering) => covering?.index === first.index) ? first : undefined
}

export interface DenyQuery {
  /** The actions the denial names; a statement denying any of them matches. */
  actions: string[]
  /** The resource the denial named; with none named, any resource scope matches. */
  resource?: string
  /** Only a Deny without a Condition: one that refuses the call whatever its context. */
  unconditional?: boolean
}

/**
 * The declared Deny statement that refuses the call (an explicit deny in an identity-based policy): the first one
 * whose Action/NotAction and Resource/NotResource cover it, preferring one without a Condition, whose match does
 * not depend on the request's context (which the stored record does not hold).
 */
export function findDenyingStatement(policy: unknown, query: DenyQuery): CoveringStatement | undefined {
  return findDenyingStatements(policy, query)[0]
}

/** Every declared Deny statement that refuses the call, those without a Condition first. */
export function findDenyingStatements(policy: unknown, query: DenyQuery): CoveringStatement[] {
  const denying = statementsOf(policy)
    .map((statement, index) => ({ statement, index }))
    .filter(({ statement }) => statement.Effect === 'Deny' && deniesAction(statement, query.actions))
    .filter(({ statement }) => query.resource === undefined || deniesResource(statement, query.resource))
    .filter(({ statement }) => !query.unconditional || statement.Condition === undefined)
  const unconditionalFirst = [
    ...denying.filter(({ statement }) => statement.Condition === undefined),
    ...denying.filter(({ statement }) => statement.Condition !== undefined),
  ]
  return unconditionalFirst.map(({ statement, index }) =>
    located(statement, index, asList(statement.Resource)[0] ?? '*'),
  )
}

function located(statement: StatementLike, index: number, resource: string): CoveringStatement {
  const sid = typeof statement.Sid === 'string' ? statement.Sid : undefined
  return { index, ...(sid ? { sid } : {}), resource, label: sid ? `Sid "${sid}"` : `Statement[${index}]` }
}

function deniesAction(statement: StatementLike, actions: string[]): boolean {
  if ('NotAction' in statement)
    return actions.some((action) => !asList(statement.NotAction).some((pattern) => safeMatchAction(pattern, action)))
  return actions.some((action) => asList(statement.Action).some((pattern) => safeMatchAction(pattern, action)))
}

function deniesResource(statement: StatementLike, resource: string): boolean {
  if ('NotResource' in statement) return !asList(statement.NotResource).some((p) => safeMatchResource(p, resource))
  return asList(statement.Resource).some((pattern) => safeMatchResource(pattern, resource))
}

function isAmendable(statement: StatementLike, condition: unknown): boolean {
  if (statement.Effect !== 'Allow' || 'NotAction' in statement || 'NotResource' in statement) return false
  if (asList(statement.Resource).length === 0) return false
  return canonical(statement.Condition) === canonical(condition)
}

function matchedResource(statement: StatementLike, query: CoverQuery): string | undefined {
  const patterns = asList(statement.Resource)
  if (query.resource) return patterns.find((pattern) => safeMatchResource(pattern, query.resource!))
  // No resource named (Logs 2022 names only the operation): the statement granting that operation is the scope.
  if (!query.operationAction) return undefined
  const grants = asList(statement.Action).some((pattern) => safeMatchAction(pattern, query.operationAction!))
  return grants ? patterns[0] : undefined
}

/** Key-order-independent JSON, so `{a,b}` and `{b,a}` conditions compare equal. */
export function canonical(value: unknown): string {
  if (value === undefined) return ''
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => compareText(a, b))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`
  }
  return JSON.stringify(value)
}

// A stored policy may hold patterns the matcher rejects; such a statement simply covers nothing.
function safeMatchResource(pattern: string, resource: string): boolean {
  try {
    return matchesResource(pattern, resource)
  } catch {
    return false
  }
}

function safeMatchAction(pattern: string, action: string): boolean {
  try {
    return matchesAction(pattern, action)
  } catch {
    return false
  }
}
