/**
 * Parameter readers for operation handlers. Each throws the validation error the request's protocol
 * and service use: json/rest-json `ServiceDefinition.validationErrorCode` (default ValidationException)
 * with AWS's "1 validation error detected: …" text, query `ValidationError`, EC2 `MissingParameter` /
 * `InvalidParameterValue`. Query and EC2 params arrive as strings, so numbers and booleans are parsed;
 * a JSON member of the wrong type is the JSON protocols' SerializationException (wire-types.ts).
 */
import { AwsError } from './errors.js'
import type { RequestContext } from './types.js'
import { type WireType, wrongTypeError } from './wire-types.js'

export interface StringRules {
  min?: number
  max?: number
  pattern?: RegExp
  /** Allowed values (enums). */
  oneOf?: readonly string[]
}

export interface IntegerRules {
  min?: number
  max?: number
}

const memberPath = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1)
const isFormProtocol = (ctx: RequestContext): boolean => ctx.protocol === 'query' || ctx.protocol === 'ec2'

/** A validation error in the protocol's and service's terms, with a free-form message. */
export function validationError(ctx: RequestContext, message: string, fields?: Record<string, unknown>): AwsError {
  if (ctx.protocol === 'ec2') return new AwsError('InvalidParameterValue', message, { fields })
  if (ctx.protocol === 'query') return new AwsError('ValidationError', message, { fields })
  return new AwsError(ctx.serviceDefinition?.validationErrorCode ?? 'ValidationException', message, { fields })
}

export function missingParameterError(ctx: RequestContext, name: string): AwsError {
  if (ctx.protocol === 'ec2') return new AwsError('MissingParameter', `The request must contain the parameter ${name}`)
  return validationError(
    ctx,
    `1 validation error detected: Value null at '${memberPath(name)}' failed to satisfy constraint: Member must not be null`,
  )
}

/** A member of the wrong type: SerializationException in JSON protocols, a validation error in form ones. */
function wrongType(ctx: RequestContext, name: string, value: unknown, expected: WireType, constraint: string) {
  return isFormProtocol(ctx) ? invalidValueError(ctx, name, value, constraint) : wrongTypeError(value, expected)
}

export function invalidValueError(ctx: RequestContext, name: string, value: unknown, constraint: string): AwsError {
  const shown = typeof value === 'string' ? value : JSON.stringify(value)
  if (ctx.protocol === 'ec2') {
    return new AwsError('InvalidParameterValue', `Value (${shown}) for parameter ${name} is invalid. ${constraint}`)
  }
  return validationError(
    ctx,
    `1 validation error detected: Value '${shown}' at '${memberPath(name)}' failed to satisfy constraint: ${constraint}`,
  )
}

function present(ctx: RequestContext, name: string): unknown {
  const value = ctx.params[name]
  return value === null ? undefined : value
}

export function optionalString(ctx: RequestContext, name: string, rules: StringRules = {}): string | undefined {
  const value = present(ctx, name)
  if (value === undefined) return undefined
  if (typeof value !== 'string') throw wrongType(ctx, name, value, 'string', 'Member must be a string')
  if (rules.min !== undefined && value.length < rules.min) {
    throw invalidValueError(ctx, name, value, `Member must have length greater than or equal to ${rules.min}`)
  }
  if (rules.max !== undefined && value.length > rules.max) {
    throw invalidValueError(ctx, name, value, `Member must have length less than or equal to ${rules.max}`)
  }
  if (rules.pattern && !rules.pattern.test(value)) {
    throw invalidValueError(ctx, name, value, `Member must satisfy regular expression pattern: ${rules.pattern.source}`)
  }
  if (rules.oneOf && !rules.oneOf.includes(value)) {
    throw invalidValueError(ctx, name, value, `Member must satisfy enum value set: [${rules.oneOf.join(', ')}]`)
  }
  return value
}

export function requireString(ctx: RequestContext, name: string, rules?: StringRules): string {
  const value = optionalString(ctx, name, rules)
  if (value === undefined) throw missingParameterError(ctx, name)
  return value
}

export function optionalInteger(ctx: RequestContext, name: string, rules: IntegerRules = {}): number | undefined {
  const raw = present(ctx, name)
  if (raw === undefined || (raw === '' && isFormProtocol(ctx))) return undefined
  const value = typeof raw === 'string' && isFormProtocol(ctx) && /^-?\d+$/.test(raw) ? Number(raw) : raw
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw wrongType(ctx, name, raw, 'integer', 'Member must be an integer')
  }
  if (rules.min !== undefined && value < rules.min) {
    throw invalidValueError(ctx, name, raw, `Member must have value greater than or equal to ${rules.min}`)
  }
  if (rules.max !== undefined && value > rules.max) {
    throw invalidValueError(ctx, name, raw, `Member must have value less than or equal to ${rules.max}`)
  }
  return value
}

export function requireInteger(ctx: RequestContext, name: string, rules?: IntegerRules): number {
  const value = optionalInteger(ctx, name, rules)
  if (value === undefined) throw missingParameterError(ctx, name)
  return value
}

export function optionalBoolean(ctx: RequestContext, name: string): boolean | undefined {
  const raw = present(ctx, name)
  if (raw === undefined) return undefined
  if (typeof raw === 'boolean') return raw
  if (isFormProtocol(ctx) && (raw === 'true' || raw === 'false')) return raw === 'true'
  throw wrongType(ctx, name, raw, 'boolean', 'Member must be a boolean')
}

/** A list member; query's bare `Name=` and an absent member are both empty lists. */
export function optionalList<T = unknown>(ctx: RequestContext, name: string): T[] {
  const raw = present(ctx, name)
  if (raw === undefined || (raw === '' && isFormProtocol(ctx))) return []
  if (!Array.isArray(raw)) throw wrongType(ctx, name, raw, 'list', 'Member must be a list')
  return raw as T[]
}

export function requireList<T = unknown>(ctx: RequestContext, name: string): T[] {
  if (present(ctx, name) === undefined) throw missingParameterError(ctx, name)
  return optionalList<T>(ctx, name)
}

export function optionalStringList(ctx: RequestContext, name: string): string[] {
  const list = optionalList(ctx, name)
  for (const item of list)
    if (typeof item !== 'string') {
      if (isFormProtocol(ctx)) throw invalidValueError(ctx, name, list, 'Member must be a list of strings')
      throw wrongTypeError(item, 'string')
    }
  return list as string[]
}

/** A map member (json `{k: v}` objects); undefined when absent. */
export function optionalStringMap(ctx: RequestContext, name: string): Record<string, string> | undefined {
  const raw = present(ctx, name)
  if (raw === undefined) return undefined
  if (typeof raw !== 'object' || Array.isArray(raw))
    throw wrongType(ctx, name, raw, 'map', 'Member must be a map of strings')
  for (const value of Object.values(raw as object))
    if (typeof value !== 'string') throw wrongType(ctx, name, value, 'string', 'Member must be a map of strings')
  return raw as Record<string, string>
}
