/**
 * Reading query-protocol parameters: every value arrives as a string, so constraint checks
 * (required, length, pattern, numeric range) happen here with IAM/STS's ValidationError wording.
 */
import { validationError } from './errors.js'

/** The wire member name with a lower-case first letter, as AWS names it in validation messages. */
const memberName = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1)

export interface StringRule {
  min?: number
  max?: number
  pattern?: RegExp
  /** The pattern as AWS prints it in the message. */
  patternText?: string
}

export function optionalString(params: Record<string, any>, name: string, rule: StringRule = {}): string | undefined {
  const value = params[name]
  if (value === undefined || value === null) return undefined
  const text = String(value)
  const at = `Value '${text}' at '${memberName(name)}' failed to satisfy constraint:`
  if (rule.min !== undefined && text.length < rule.min)
    throw validationError(`${at} Member must have length greater than or equal to ${rule.min}`)
  if (rule.max !== undefined && text.length > rule.max)
    throw validationError(`${at} Member must have length less than or equal to ${rule.max}`)
  if (rule.pattern && !rule.pattern.test(text))
    throw validationError(
      `${at} Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`,
    )
  return text
}

export function requiredString(params: Record<string, any>, name: string, rule: StringRule = {}): string {
  const value = optionalString(params, name, rule)
  if (value === undefined)
    throw validationError(`Value null at '${memberName(name)}' failed to satisfy constraint: Member must not be null`)
  return value
}

export function optionalInteger(
  params: Record<string, any>,
  name: string,
  range: { min?: number; max?: number } = {},
): number | undefined {
  const raw = params[name]
  if (raw === undefined || raw === null || raw === '') return undefined
  const value = Number(raw)
  const at = `Value '${raw}' at '${memberName(name)}' failed to satisfy constraint:`
  if (!Number.isInteger(value)) throw validationError(`${at} Member must be an integer`)
  if (range.min !== undefined && value < range.min)
    throw validationError(`${at} Member must have value greater than or equal to ${range.min}`)
  if (range.max !== undefined && value > range.max)
    throw validationError(`${at} Member must have value less than or equal to ${range.max}`)
  return value
}

/** A query list (`X.member.N`) after unflattening; tolerant of a single value. */
export function listParam<T = unknown>(params: Record<string, any>, name: string): T[] {
  const value = params[name]
  if (value === undefined || value === null || value === '') return []
  return Array.isArray(value) ? (value as T[]) : [value as T]
}

export const NAME_PATTERN = { pattern: /^[\w+=,.@-]+$/, patternText: '[\\w+=,.@-]+' }
export const PATH_PATTERN = {
  pattern: /^(\/|\/[\u0021-\u007E]+\/)$/,
  patternText: '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)',
}
