/**
 * Condition blocks, as AWS documents them: every operator in a block must hold and every key under an
 * operator must hold (AND); values under one key are alternatives (OR), and negated operators are the
 * negation of that OR (NOR). A missing key fails positive operators, satisfies negated ones, satisfies
 * `…IfExists` and `ForAllValues:`, and fails `ForAnyValue:`.
 */

import { type ConditionOperator, parseConditionOperator } from './condition-operators.js'
import type { NormalizedContext } from './context.js'
import { type Cidr, cidrContains, parseCidr } from './ip.js'
import { type CompiledResourcePattern, compileResourcePattern, matchesCompiledResource } from './matching.js'
import { type CompiledPattern, compilePattern, matchPattern, substitute, type VariableResolver } from './patterns.js'
import type { ConditionBlock, ConditionValue } from './types.js'

interface CompiledValue {
  raw: string
  pattern?: CompiledPattern
  arn?: CompiledResourcePattern
  number?: number
  cidr?: Cidr
}

export interface CompiledCondition {
  operator: ConditionOperator
  /** Lower-cased condition key. */
  key: string
  values: CompiledValue[]
}

/** Epoch milliseconds from ISO 8601 text or epoch seconds; undefined when neither. */
export function parseDate(text: string): number | undefined {
  if (/^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text) * 1000
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined
  const parsed = Date.parse(text)
  return Number.isNaN(parsed) ? undefined : parsed
}

export function parseNumber(text: string): number | undefined {
  if (text.trim() === '') return undefined
  const parsed = Number(text)
  return Number.isNaN(parsed) ? undefined : parsed
}

function compileValue(operator: ConditionOperator, raw: string, withVariables: boolean): CompiledValue {
  switch (operator.family) {
    case 'String':
      return { raw, pattern: compilePattern(raw, withVariables, operator.comparison === 'EqualsIgnoreCase') }
    case 'Arn':
      return { raw, arn: compileResourcePattern(raw, withVariables) }
    case 'Numeric':
      return { raw, number: parseNumber(raw) }
    case 'Date':
      return { raw, number: parseDate(raw) }
    case 'Ip':
      return { raw, cidr: parseCidr(raw) }
    default:
      return { raw }
  }
}

function asValues(value: ConditionValue | ConditionValue[]): string[] {
  return (Array.isArray(value) ? value : [value]).map(String)
}

/** Compiles a validated Condition element; operators IAM would reject are skipped (parsePolicy reports them). */
export function compileConditions(block: ConditionBlock | undefined, withVariables: boolean): CompiledCondition[] {
  const compiled: CompiledCondition[] = []
  for (const [operatorName, keys] of Object.entries(block ?? {})) {
    const operator = parseConditionOperator(operatorName)
    if (!operator) continue
    for (const [key, value] of Object.entries(keys)) {
      const values = asValues(value).map((raw) => compileValue(operator, raw, withVariables))
      compiled.push({ operator, key: key.toLowerCase(), values })
    }
  }
  return compiled
}

function compare(comparison: ConditionOperator['comparison'], actual: number, expected: number): boolean {
  switch (comparison) {
    case 'Equals':
      return actual === expected
    case 'LessThan':
      return actual < expected
    case 'LessThanEquals':
      return actual <= expected
    case 'GreaterThan':
      return actual > expected
    case 'GreaterThanEquals':
      return actual >= expected
    default:
      return false
  }
}

/** The positive comparison of one request value with one policy value. */
function matchesValue(
  operator: ConditionOperator,
  value: CompiledValue,
  actual: string,
  resolve: VariableResolver,
): boolean {
  switch (operator.family) {
    case 'String': {
      const pattern = value.pattern as CompiledPattern
      if (operator.comparison === 'Like') return matchPattern(pattern, actual, resolve)
      const expected = substitute(pattern, resolve)
      if (expected === undefined) return false
      return operator.comparison === 'EqualsIgnoreCase'
        ? expected.toLowerCase() === actual.toLowerCase()
        : expected === actual
    }
    case 'Arn':
      return matchesCompiledResource(value.arn as CompiledResourcePattern, actual, resolve)
    case 'Numeric': {
      const number = parseNumber(actual)
      return number !== undefined && value.number !== undefined && compare(operator.comparison, number, value.number)
    }
    case 'Date': {
      const date = parseDate(actual)
      return date !== undefined && value.number !== undefined && compare(operator.comparison, date, value.number)
    }
    case 'Bool':
      return value.raw.toLowerCase() === actual.toLowerCase()
    case 'Binary':
      return value.raw === actual
    case 'Ip':
      return value.cidr !== undefined && cidrContains(value.cidr, actual)
    default:
      return false
  }
}

function matchesAnyValue(condition: CompiledCondition, actual: string, resolve: VariableResolver): boolean {
  return condition.values.some((value) => matchesValue(condition.operator, value, actual, resolve))
}

export function conditionHolds(
  condition: CompiledCondition,
  context: NormalizedContext,
  resolve: VariableResolver,
): boolean {
  const { operator } = condition
  const entry = context.get(condition.key)
  const present = entry !== undefined && entry.values.length > 0
  if (operator.family === 'Null') {
    return condition.values.some((value) => (value.raw.toLowerCase() === 'true') === !present)
  }
  if (!present || !entry) {
    if (operator.ifExists || operator.setQualifier === 'ForAllValues') return true
    if (operator.setQualifier === 'ForAnyValue') return false
    return operator.negated
  }
  // A single-valued operator on a multi-valued key: positive operators need one match, negated ones none.
  const every = operator.setQualifier === 'ForAllValues' || (operator.setQualifier === undefined && operator.negated)
  for (const actual of entry.values) {
    const holds = matchesAnyValue(condition, actual, resolve) !== operator.negated
    if (every && !holds) return false
    if (!every && holds) return true
  }
  return every
}

export function conditionsHold(
  conditions: CompiledCondition[],
  context: NormalizedContext,
  resolve: VariableResolver,
): boolean {
  for (const condition of conditions) {
    if (!conditionHolds(condition, context, resolve)) return false
  }
  return true
}
