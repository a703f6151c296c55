/** Input validation with CloudWatch Logs' wire error texts (all InvalidParameterException, HTTP 400). */
import { AwsError } from '../../core/errors.js'
import { assertJsonNumber, wrongTypeError } from '../../core/wire-types.js'

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/
const MAX_TAGS = 50

function invalid(message: string): AwsError {
  return new AwsError('InvalidParameterException', message)
}

function validationError(member: string, value: unknown, constraint: string): AwsError {
  const shown = value === undefined || value === null ? 'null' : `'${String(value)}'`
  return invalid(
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  )
}

export function requireLogGroupName(value: unknown, member = 'logGroupName'): string {
  if (value === undefined || value === null) throw validationError(member, value, 'Member must not be null')
  if (typeof value !== 'string') throw wrongTypeError(value, 'string')
  if (value.length < 1) throw validationError(member, value, 'Member must have length greater than or equal to 1')
  if (value.length > 512) throw validationError(member, value, 'Member must have length less than or equal to 512')
  if (!LOG_GROUP_NAME.test(value)) {
    throw validationError(member, value, 'Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+')
  }
  return value
}

/** Names under `aws/` are reserved for log groups AWS services create. */
export function requireCreatableLogGroupName(value: unknown): string {
  const name = requireLogGroupName(value)
  if (name.toLowerCase().startsWith('aws/')) throw invalid('Log groups starting with AWS/ are reserved for AWS.')
  return name
}

export function readTagMap(value: unknown, member = 'tags'): Record<string, string> {
  if (value === undefined || value === null) return {}
  if (typeof value !== 'object' || Array.isArray(value)) throw validationError(member, value, 'Member must be a map')
  const tags: Record<string, string> = {}
  for (const [key, tagValue] of Object.entries(value)) tags[key] = String(tagValue)
  // `aws:` in any letter case is AWS's (Tag Editor user guide, "Tag naming limits and requirements").
  const reserved = Object.keys(tags).find((key) => key.toLowerCase().startsWith('aws:'))
  if (reserved !== undefined) throw invalid(`Tag keys beginning with 'aws:' are reserved for AWS use: ${reserved}`)
  const count = Object.keys(tags).length
  if (count > MAX_TAGS) {
    throw validationError(member, JSON.stringify(tags), `Member must have length less than or equal to ${MAX_TAGS}`)
  }
  return tags
}

export function readTagKeys(value: unknown, member: string): string[] {
  if (!Array.isArray(value)) throw validationError(member, value, 'Member must not be null')
  return value.map(String)
}

/** DescribeLogGroups `limit`: 1–50, default 50. */
export function readLimit(value: unknown): number {
  if (value === undefined || value === null) return 50
  assertJsonNumber(value)
  const limit = Number(value)
  if (!Number.isInteger(limit) || limit < 1) {
    throw validationError('limit', value, 'Member must have value greater than or equal to 1')
  }
  if (limit > 50) throw validationError('limit', value, 'Member must have value less than or equal to 50')
  return limit
}
