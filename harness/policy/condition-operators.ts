/**
 * Condition operator names: `[ForAllValues:|ForAnyValue:]<Base>[IfExists]`. Parsed once per policy so the
 * evaluator never re-reads operator strings on the hot path.
 */

export type OperatorFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null'

export type Comparison =
  | 'Equals'
  | 'EqualsIgnoreCase'
  | 'Like'
  | 'LessThan'
  | 'LessThanEquals'
  | 'GreaterThan'
  | 'GreaterThanEquals'
  | 'Null'

export type SetQualifier = 'ForAllValues' | 'ForAnyValue' | undefined

export interface ConditionOperator {
  /** The operator exactly as written in the policy. */
  name: string
  family: OperatorFamily
  comparison: Comparison
  /** StringNotEquals, NotIpAddress, ArnNotLike…: the negation of the positive comparison (NOR over values). */
  negated: boolean
  ifExists: boolean
  setQualifier: SetQualifier
}

type BaseOperator = Pick<ConditionOperator, 'family' | 'comparison' | 'negated'>

const BASE_OPERATORS: Record<string, BaseOperator> = {
  StringEquals: { family: 'String', comparison: 'Equals', negated: false },
  StringNotEquals: { family: 'String', comparison: 'Equals', negated: true },
  StringEqualsIgnoreCase: { family: 'String', comparison: 'EqualsIgnoreCase', negated: false },
  StringNotEqualsIgnoreCase: { family: 'String', comparison: 'EqualsIgnoreCase', negated: true },
  StringLike: { family: 'String', comparison: 'Like', negated: false },
  StringNotLike: { family: 'String', comparison: 'Like', negated: true },
  NumericEquals: { family: 'Numeric', comparison: 'Equals', negated: false },
  NumericNotEquals: { family: 'Numeric', comparison: 'Equals', negated: true },
  NumericLessThan: { family: 'Numeric', comparison: 'LessThan', negated: false },
  NumericLessThanEquals: { family: 'Numeric', comparison: 'LessThanEquals', negated: false },
  NumericGreaterThan: { family: 'Numeric', comparison: 'GreaterThan', negated: false },
  NumericGreaterThanEquals: { family: 'Numeric', comparison: 'GreaterThanEquals', negated: false },
  DateEquals: { family: 'Date', comparison: 'Equals', negated: false },
  DateNotEquals: { family: 'Date', comparison: 'Equals', negated: true },
  DateLessThan: { family: 'Date', comparison: 'LessThan', negated: false },
  DateLessThanEquals: { family: 'Date', comparison: 'LessThanEquals', negated: false },
  DateGreaterThan: { family: 'Date', comparison: 'GreaterThan', negated: false },
  DateGreaterThanEquals: { family: 'Date', comparison: 'GreaterThanEquals', negated: false },
  Bool: { family: 'Bool', comparison: 'Equals', negated: false },
  BinaryEquals: { family: 'Binary', comparison: 'Equals', negated: false },
  IpAddress: { family: 'Ip', comparison: 'Equals', negated: false },
  NotIpAddress: { family: 'Ip', comparison: 'Equals', negated: true },
  ArnEquals: { family: 'Arn', comparison: 'Like', negated: false },
  ArnLike: { family: 'Arn', comparison: 'Like', negated: false },
  ArnNotEquals: { family: 'Arn', comparison: 'Like', negated: true },
  ArnNotLike: { family: 'Arn', comparison: 'Like', negated: true },
  Null: { family: 'Null', comparison: 'Null', negated: false },
}

const OPERATOR_PATTERN = /^(?:(ForAllValues|ForAnyValue):)?([A-Za-z]+?)(IfExists)?$/
const cache = new Map<string, ConditionOperator | undefined>()

/** Parses an operator name; undefined when IAM would reject it. Operator names are case-sensitive in IAM. */
export function parseConditionOperator(name: string): ConditionOperator | undefined {
  if (cache.has(name)) return cache.get(name)
  const operator = parseUncached(name)
  cache.set(name, operator)
  return operator
}

function parseUncached(name: string): ConditionOperator | undefined {
  const match = OPERATOR_PATTERN.exec(name)
  if (!match) return undefined
  const [, qualifier, baseName = '', ifExists] = match
  const base = BASE_OPERATORS[baseName]
  if (!base) return undefined
  // Null already answers "is it present?", so NullIfExists is meaningless and IAM rejects it.
  if (base.family === 'Null' && (ifExists || qualifier)) return undefined
  return {
    name,
    ...base,
    ifExists: ifExists !== undefined,
    setQualifier: qualifier as SetQualifier,
  }
}

export const CONDITION_OPERATOR_NAMES: readonly string[] = Object.keys(BASE_OPERATORS)
