/**
 * What AWS's JSON services (awsJson1_0/1_1, restJson1) answer when a member has the wrong JSON
 * type: their deserializer fails before any validation, with HTTP 400 SerializationException and
 * a Jackson-style message ("NUMBER_VALUE can not be converted to a String", "Start of list found
 * where not expected"), not the "1 validation error detected" text validation uses. Messages for
 * strings, lists and objects are as observed on AWS, and so is "STRING_VALUE can not be converted to
 * an Integer" (SQS, https://github.com/async-aws/aws/issues/1667); the other Integer, Boolean and map
 * variants follow the same pattern and are approximate.
 */
import { AwsError } from './errors.js'

export type WireType = 'string' | 'integer' | 'boolean' | 'list' | 'map'

const TARGET: Record<Exclude<WireType, 'list' | 'map'>, string> = {
  string: 'a String',
  integer: 'an Integer',
  boolean: 'a Boolean',
}

function tokenOf(value: unknown): string {
  if (typeof value === 'number') return 'NUMBER_VALUE'
  if (value === true) return 'TRUE_VALUE'
  if (value === false) return 'FALSE_VALUE'
  return 'STRING_VALUE'
}

/** The deserializer's message for `value` where `expected` was modelled. */
export function wrongTypeMessage(value: unknown, expected: WireType): string {
  if (Array.isArray(value)) return 'Start of list found where not expected'
  if (typeof value === 'object' && value !== null) return 'Start of structure or map found where not expected.'
  if (expected === 'list') return 'Expected list or null'
  if (expected === 'map') return 'Expected map or null'
  return `${tokenOf(value)} can not be converted to ${TARGET[expected]}`
}

export function wrongTypeError(value: unknown, expected: WireType): AwsError {
  return new AwsError('SerializationException', wrongTypeMessage(value, expected))
}

/** True when `value` (present, not null) has the JSON type a member of `expected` type needs. */
export function hasWireType(value: unknown, expected: WireType): boolean {
  switch (expected) {
    case 'string':
      return typeof value === 'string'
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value)
    case 'boolean':
      return typeof value === 'boolean'
    case 'list':
      return Array.isArray(value)
    case 'map':
      return typeof value === 'object' && value !== null && !Array.isArray(value)
  }
}

/**
 * For integer members read by hand (paging limits): any JSON type but a number is the
 * SerializationException ("STRING_VALUE can not be converted to an Integer"); numbers are left to
 * the caller's range check.
 */
export function assertJsonNumber(value: unknown): void {
  if (value === undefined || value === null || typeof value === 'number') return
  throw wrongTypeError(value, 'integer')
}

/** Throws the SerializationException unless `value` is absent, null, or of the `expected` type. */
export function assertWireType(value: unknown, expected: WireType): void {
  if (value === undefined || value === null || hasWireType(value, expected)) return
  throw wrongTypeError(value, expected)
}
