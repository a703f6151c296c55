/** Organizations input checks, answered with InvalidInputException and its Reason as the service does. */
import { assertJsonNumber } from '../../core/wire-types.js'
import { invalidInput } from './errors.js'

export interface FieldRule {
  min?: number
  max?: number
  pattern?: RegExp
  /** Reason when the pattern fails (default INVALID_PATTERN). */
  patternReason?: string
}

export function optionalField(params: Record<string, any>, name: string, rule: FieldRule = {}): string | undefined {
  const value = params[name]
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string') throw invalidInput('INVALID_INPUT', `Invalid type for parameter ${name}.`)
  if (rule.min !== undefined && value.length < rule.min)
    throw invalidInput(
      'MIN_LENGTH_EXCEEDED',
      `You provided a value for ${name} that is shorter than the minimum length.`,
    )
  if (rule.max !== undefined && value.length > rule.max)
    throw invalidInput('MAX_LENGTH_EXCEEDED', `You provided a value for ${name} that exceeds the maximum length.`)
  if (rule.pattern && !rule.pattern.test(value))
    throw invalidInput(
      rule.patternReason ?? 'INVALID_PATTERN',
      `You provided a value for ${name} that does not match the required pattern.`,
    )
  return value
}

export function requiredField(params: Record<string, any>, name: string, rule: FieldRule = {}): string {
  const value = optionalField(params, name, rule)
  if (value === undefined) throw invalidInput('INPUT_REQUIRED', `You must specify a value for ${name}.`)
  return value
}

export const ACCOUNT_ID = { pattern: /^\d{12}$/, patternReason: 'INVALID_PATTERN' }
export const PARENT_ID = { max: 100, pattern: /^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/ }
export const POLICY_ID = { max: 130, pattern: /^p-[0-9a-zA-Z_]{8,128}$/, patternReason: 'INVALID_SYNTAX_POLICY_ID' }

/** NextToken / MaxResults paging (MaxResults 1–20). */
export function paginateOrg<T>(items: T[], params: Record<string, any>): { page: T[]; NextToken?: string } {
  assertJsonNumber(params.MaxResults)
  const max = params.MaxResults === undefined ? 20 : Number(params.MaxResults)
  if (!Number.isInteger(max) || max < 1)
    throw invalidInput('MIN_VALUE_EXCEEDED', 'You provided a value for MaxResults that is below the minimum value.')
  if (max > 20)
    throw invalidInput('MAX_VALUE_EXCEEDED', 'You provided a value for MaxResults that exceeds the maximum value.')
  let start = 0
  if (params.NextToken !== undefined) {
    const match = /^offset:(\d+)$/.exec(Buffer.from(String(params.NextToken), 'base64').toString('utf8'))
    if (!match) throw invalidInput('INVALID_NEXT_TOKEN', 'You specified an invalid value for nextToken.')
    start = Number(match[1])
  }
  const end = start + max
  const page = items.slice(start, end)
  return end < items.length ? { page, NextToken: Buffer.from(`offset:${end}`).toString('base64') } : { page }
}
