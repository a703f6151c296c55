/** Readers for EC2 query parameters (strings on the wire; lists already unflattened into arrays). */
import { AwsError } from '../../core/errors.js'

export function listParam(params: Record<string, any>, name: string): string[] {
  const value = params[name]
  if (value === undefined || value === null || value === '') return []
  return (Array.isArray(value) ? value : [value]).map(String)
}

export function boolParam(params: Record<string, any>, name: string): boolean {
  const value = params[name]
  return value === true || String(value).toLowerCase() === 'true'
}

export function stringParam(params: Record<string, any>, name: string): string | undefined {
  const value = params[name]
  return value === undefined || value === null ? undefined : String(value)
}

export function requireStringParam(params: Record<string, any>, name: string): string {
  const value = stringParam(params, name)
  if (value === undefined || value === '') {
    throw new AwsError('MissingParameter', `The request must contain the parameter ${name}`)
  }
  return value
}

export function intParam(params: Record<string, any>, name: string): number | undefined {
  const value = stringParam(params, name)
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!Number.isInteger(parsed)) throw new AwsError('InvalidParameterValue', `Invalid value '${value}' for ${name}`)
  return parsed
}

/** MaxResults within [min, max], refused with EC2's text (FACTS.md: EC2). */
export function maxResultsParam(params: Record<string, any>, min: number, max: number): number | undefined {
  const value = intParam(params, 'MaxResults')
  if (value !== undefined && (value < min || value > max)) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${value} ) for parameter maxResults is invalid. Expecting a value between ${min} and ${max}.`,
    )
  }
  return value
}
