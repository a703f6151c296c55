/** ECR input validation with ECR's wire error codes and texts. */
import { AwsError } from '../../core/errors.js'
import type { Tag } from '../../core/types.js'
import { assertWireType } from '../../core/wire-types.js'

const NAME_PATTERN = '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*'
const NAME = new RegExp(`^${NAME_PATTERN}$`)
const MAX_TAGS = 50

function invalidParameter(member: string, constraint: string): AwsError {
  return new AwsError(
    'InvalidParameterException',
    `Invalid parameter at '${member}' failed to satisfy constraint: '${constraint}'`,
  )
}

export function requireRepositoryName(value: unknown): string {
  assertWireType(value, 'string')
  if (typeof value !== 'string' || value.length === 0) throw invalidParameter('repositoryName', 'must not be null')
  if (value.length < 2 || value.length > 256) {
    throw invalidParameter('repositoryName', 'must have length between 2 and 256')
  }
  if (!NAME.test(value)) throw invalidParameter('repositoryName', `must satisfy regular expression '${NAME_PATTERN}'`)
  return value
}

function invalidTag(message: string): AwsError {
  return new AwsError('InvalidTagParameterException', message)
}

/** ECR tags: a list of {Key, Value}; keys 1–128 chars not starting with `aws:`, values up to 256 chars. */
export function readTags(value: unknown): Tag[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value)) throw invalidTag('Tags must be a list of Key and Value pairs.')
  const tags = value.map((entry): Tag => {
    const key = entry?.Key
    const tagValue = entry?.Value ?? ''
    if (typeof key !== 'string' || key.length === 0 || key.length > 128) {
      throw invalidTag('Tag keys must be between 1 and 128 characters long.')
    }
    if (key.toLowerCase().startsWith('aws:'))
      throw invalidTag(`Tag key '${key}' cannot start with the reserved prefix 'aws:'.`)
    if (String(tagValue).length > 256) throw invalidTag('Tag values must be at most 256 characters long.')
    return { Key: key, Value: String(tagValue) }
  })
  return tags
}

export function checkTagCount(tags: Tag[]): void {
  if (tags.length > MAX_TAGS) {
    throw new AwsError('TooManyTagsException', `The number of tags (${tags.length}) exceeds the limit of ${MAX_TAGS}.`)
  }
}

export function readTagKeys(value: unknown): string[] {
  if (!Array.isArray(value)) throw invalidParameter('tagKeys', 'must not be null')
  return value.map(String)
}

/** Later tags with the same key replace earlier ones, as TagResource does. */
export function mergeTags(current: Tag[], added: Tag[]): Tag[] {
  const merged = new Map(current.map((tag) => [tag.Key, tag.Value]))
  for (const tag of added) merged.set(tag.Key, tag.Value)
  return [...merged].map(([Key, Value]) => ({ Key, Value }))
}
