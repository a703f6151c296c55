/** IAM tag lists: validation as IAM does it and merging (TagRole overwrites same keys, case-insensitively). */
import type { Tag } from '../../core/types.js'
import { invalidInput, limitExceeded, validationError } from './errors.js'
import { listParam } from './params.js'

const MAX_TAGS = 50

export function readTags(params: Record<string, any>, name = 'Tags'): Tag[] {
  const tags = listParam<Record<string, unknown>>(params, name).map((tag) => ({
    Key: String(tag?.Key ?? ''),
    Value: String(tag?.Value ?? ''),
  }))
  if (tags.length > MAX_TAGS)
    throw validationError(
      `Value '${JSON.stringify(tags)}' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50`,
    )
  const seen = new Set<string>()
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128)
      throw validationError(
        `Value '${tag.Key}' at 'tags.${tags.indexOf(tag) + 1}.member.key' failed to satisfy constraint: Member must have length less than or equal to 128`,
      )
    if (tag.Value.length > 256)
      throw validationError(
        `Value '${tag.Value}' at 'tags.${tags.indexOf(tag) + 1}.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`,
      )
    const key = tag.Key.toLowerCase()
    if (seen.has(key)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.')
    seen.add(key)
  }
  return tags
}

export function mergeTags(existing: Tag[], added: Tag[]): Tag[] {
  const merged = existing.filter((tag) => !added.some((a) => a.Key.toLowerCase() === tag.Key.toLowerCase()))
  merged.push(...added)
  if (merged.length > MAX_TAGS) throw limitExceeded('The number of tags has reached the maximum limit.')
  return merged
}

/** Condition keys a tagging request carries: aws:RequestTag/<key> and aws:TagKeys. */
export function requestTagContext(tags: Tag[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((tag) => tag.Key) }
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value
  return context
}
