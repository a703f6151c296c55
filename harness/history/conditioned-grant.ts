/**
 * A denial the declared policy meant to allow under a condition (pure): an Allow covers the action on the denied
 * resource, but its Condition did not hold for the call, e.g. iam:PassRole only when iam:PassedToService is
 * ecs.amazonaws.com while ECS passes a task role to ecs-tasks.amazonaws.com, or ecs:TagResource only for the
 * ecs:CreateAction values listed. Least privilege keeps the condition: the fix is a statement with the same
 * scope whose condition names what the call carried, never the grant without its condition.
 */
import { policyAllowsAction } from '../policy/evaluate.js'
import { matchesAction, matchesResource } from '../policy/matching.js'
import { asList, statementsOf } from './covering-statement.js'
import type { SuggestedStatement } from './types.js'

/** Why a conditioned grant did not apply, for the reports: which statement, which key, what it wanted. */
export interface ConditionNotMet {
  /** `Sid "…"` or `Statement[i]` of the declared Allow. */
  statement: string
  /** The keys whose declared values the call did not match, with what the call carried. */
  keys: Array<{ key: string; declared: string[]; actual: string }>
  /** Keys of the condition the harness cannot tell the call's value of (the fix keeps them as declared). */
  unknown?: string[]
}

export interface ConditionedGrant {
  action: string
  notMet: ConditionNotMet
  /** The declared statement's scope with the condition corrected; absent when no key could be corrected. */
  statement?: SuggestedStatement
}

/**
 * "Sid "PassTaskRole" grants iam:PassRole there only when iam:PassedToService is ecs.amazonaws.com; the call
 * carried ecs-tasks.amazonaws.com": for reports, the patch and `harness explain`.
 */
export function conditionNotMetText(notMet: ConditionNotMet, action: string): string {
  const keys = notMet.keys.map(
    ({ key, declared, actual }) => `${key} is ${declared.join(' or ')}; the call carried ${actual}`,
  )
  const unknown = notMet.unknown?.length ? [`the call's ${notMet.unknown.join(', ')} is not known here`] : []
  const why = [...keys, ...unknown].join('; ')
  return `the declared ${notMet.statement} grants ${action} there only under its Condition (${why}): correct the condition rather than grant ${action} without one`
}

/** Operators whose declared values a fix can extend with the call's value. */
const CORRECTABLE =
  /^(?:ForAnyValue:|ForAllValues:)?(?:StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike)(?:IfExists)?$/

/**
 * The declared Allow of one of `actions` on `resource` whose Condition is all that kept it from granting the call,
 * given what the call is known to have carried (`context`); undefined when no such statement exists.
 */
export function findConditionedGrant(
  policy: unknown,
  actions: readonly string[],
  resource: string,
  context: Record<string, string>,
): ConditionedGrant | undefined {
  for (const [index, statement] of statementsOf(policy).entries()) {
    const condition = statement.Condition
    if (statement.Effect !== 'Allow' || !isConditionObject(condition) || 'NotAction' in statement) continue
    if ('NotResource' in statement) continue
    const action = actions.find((a) => asList(statement.Action).some((pattern) => safely(matchesAction, pattern, a)))
    const pattern = asList(statement.Resource).find((p) => safely(matchesResource, p, resource))
    if (!action || !pattern) continue
    const label = typeof statement.Sid === 'string' ? `Sid "${statement.Sid}"` : `Statement[${index}]`
    return correct(action, pattern, label, condition, context)
  }
  return undefined
}

function correct(
  action: string,
  resource: string,
  label: string,
  condition: Record<string, Record<string, unknown>>,
  context: Record<string, string>,
): ConditionedGrant {
  const notMet: ConditionNotMet = { statement: label, keys: [] }
  const unknown: string[] = []
  let uncorrectable = false
  const corrected: Record<string, Record<string, string | string[]>> = {}
  for (const [operator, block] of Object.entries(condition)) {
    for (const [key, value] of Object.entries(block ?? {})) {
      const declared = asList(value)
      const actual = contextValue(context, key)
      corrected[operator] = {
        ...corrected[operator],
        [key]: declared.length === 1 ? (declared[0] as string) : declared,
      }
      if (actual === undefined) {
        unknown.push(key)
        continue
      }
      if (holds(action, operator, key, declared, context)) continue
      notMet.keys.push({ key, declared, actual })
      if (CORRECTABLE.test(operator)) corrected[operator] = { ...corrected[operator], [key]: actual }
      else uncorrectable = true
    }
  }
  if (unknown.length > 0) notMet.unknown = unknown
  const grant: ConditionedGrant = { action, notMet }
  if (notMet.keys.length > 0 && !uncorrectable)
    grant.statement = { Effect: 'Allow', Action: [action], Resource: resource, Condition: corrected }
  return grant
}

/** Whether one condition key of the statement holds for the call (the evaluator's own operators). */
function holds(action: string, operator: string, key: string, declared: string[], context: Record<string, string>) {
  const statement = { Effect: 'Allow', Action: action, Resource: '*', Condition: { [operator]: { [key]: declared } } }
  try {
    return policyAllowsAction({ Version: '2012-10-17', Statement: [statement] } as never, action, '*', context)
  } catch {
    return true // an operator the evaluator rejects: nothing to say about it
  }
}

/** Condition keys are case-insensitive. */
function contextValue(context: Record<string, string>, key: string): string | undefined {
  const found = Object.keys(context).find((name) => name.toLowerCase() === key.toLowerCase())
  return found === undefined ? undefined : context[found]
}

function isConditionObject(value: unknown): value is Record<string, Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length > 0
}

function safely(match: (pattern: string, value: string) => boolean, pattern: string, value: string): boolean {
  try {
    return match(pattern, value)
  } catch {
    return false
  }
}
