/** Tags on organization resources (accounts, OUs, roots, policies), and the tag-on-create check. */
import type { AuthCheck, OperationDefinition, RequestContext, Tag } from '../../core/types.js'
import { resourceArnOrWildcard, targetArn } from './arns.js'
import { constraintViolation, invalidInput, targetNotFound } from './errors.js'
import { managementOrganization } from './guards.js'
import { requiredField } from './input.js'

const MAX_TAGS = 50

export function readOrgTags(params: Record<string, any>): Tag[] {
  const raw = params.Tags
  if (raw === undefined || raw === null) return []
  if (!Array.isArray(raw)) throw invalidInput('INVALID_INPUT', 'Invalid type for parameter Tags.')
  const tags = raw.map((tag: any) => ({ Key: String(tag?.Key ?? ''), Value: String(tag?.Value ?? '') }))
  const keys = new Set<string>()
  for (const tag of tags) {
    if (tag.Key.length < 1 || tag.Key.length > 128)
      throw invalidInput('INVALID_INPUT', 'You provided a value for Tags.Key that is not valid.')
    if (tag.Value.length > 256)
      throw invalidInput('MAX_LENGTH_EXCEEDED', 'You provided a value for Tags.Value that exceeds the maximum length.')
    if (keys.has(tag.Key)) throw invalidInput('DUPLICATE_TAG_KEY', 'You specified a tag key more than once.')
    keys.add(tag.Key)
  }
  return tags
}

export function tagContext(tags: Tag[]): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((tag) => tag.Key) }
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value
  return context
}

/** Creating with Tags also needs organizations:TagResource on the new resource. */
export function tagOnCreateChecks(tags: Tag[], resource: string): AuthCheck[] {
  if (tags.length === 0) return []
  return [{ action: 'organizations:TagResource', resource, context: tagContext(tags), reason: 'tag-on-create' }]
}

export function mergeOrgTags(existing: Tag[], added: Tag[]): Tag[] {
  const merged = existing.filter((tag) => !added.some((a) => a.Key === tag.Key))
  merged.push(...added)
  if (merged.length > MAX_TAGS)
    throw constraintViolation(
      'MAX_TAG_LIMIT_EXCEEDED',
      'You have exceeded the number of tags allowed on this resource.',
    )
  return merged
}

function requireTarget(ctx: RequestContext): string {
  const org = managementOrganization(ctx)
  const resourceId = requiredField(ctx.params, 'ResourceId', { max: 130 })
  if (!targetArn(ctx.state, org, resourceId)) throw targetNotFound()
  return resourceId
}

const tagResource: OperationDefinition = {
  authorize: (ctx) => [
    {
      action: 'organizations:TagResource',
      resource: resourceArnOrWildcard(ctx.state, ctx.params.ResourceId),
      context: tagContext(readOrgTags(ctx.params)),
      reason: 'primary',
    },
  ],
  handler(ctx) {
    const resourceId = requireTarget(ctx)
    const tags = readOrgTags(ctx.params)
    if (tags.length === 0) throw invalidInput('INPUT_REQUIRED', 'You must specify a value for Tags.')
    const org = ctx.state.organization!
    org.tags.set(resourceId, mergeOrgTags(org.tags.get(resourceId) ?? [], tags))
    return {}
  },
}

const untagResource: OperationDefinition = {
  authorize: (ctx) => [
    {
      action: 'organizations:UntagResource',
      resource: resourceArnOrWildcard(ctx.state, ctx.params.ResourceId),
      context: { 'aws:TagKeys': Array.isArray(ctx.params.TagKeys) ? ctx.params.TagKeys.map(String) : [] },
      reason: 'primary',
    },
  ],
  handler(ctx) {
    const resourceId = requireTarget(ctx)
    const keys = new Set(Array.isArray(ctx.params.TagKeys) ? ctx.params.TagKeys.map(String) : [])
    const org = ctx.state.organization!
    org.tags.set(
      resourceId,
      (org.tags.get(resourceId) ?? []).filter((tag) => !keys.has(tag.Key)),
    )
    return {}
  },
}

const listTagsForResource: OperationDefinition = {
  authorize: (ctx) => [
    {
      action: 'organizations:ListTagsForResource',
      resource: resourceArnOrWildcard(ctx.state, ctx.params.ResourceId),
      reason: 'primary',
    },
  ],
  handler(ctx) {
    const resourceId = requireTarget(ctx)
    return { Tags: ctx.state.organization!.tags.get(resourceId) ?? [] }
  },
}

export const tagOperations: Record<string, OperationDefinition> = {
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
}
