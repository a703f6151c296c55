/**
 * Tagging: the current ARN-based operations (TagResource, UntagResource, ListTagsForResource) and the
 * deprecated name-based ones (TagLogGroup, UntagLogGroup, ListTagsLogGroup) over the same tags.
 */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import { requireLogGroup } from './log-groups.js'
import { type LogGroupRecord, logGroupNameFromArn, logGroupStore } from './store.js'
import { readTagKeys, readTagMap, requireLogGroupName } from './validation.js'

const MAX_TAGS = 50

export function groupFromResourceArn(ctx: RequestContext): LogGroupRecord {
  const arn = ctx.params.resourceArn
  if (typeof arn !== 'string') {
    throw new AwsError(
      'InvalidParameterException',
      "1 validation error detected: Value null at 'resourceArn' failed to satisfy constraint: Member must not be null",
    )
  }
  const name = logGroupNameFromArn(arn)
  if (name === undefined) throw new AwsError('InvalidParameterException', `Invalid resource arn: ${arn}`)
  return requireLogGroup(logGroupStore(ctx), name)
}

function groupFromName(ctx: RequestContext): LogGroupRecord {
  return requireLogGroup(logGroupStore(ctx), requireLogGroupName(ctx.params.logGroupName))
}

function addTags(group: LogGroupRecord, tags: Record<string, string>): void {
  const merged = { ...group.tags, ...tags }
  if (Object.keys(merged).length > MAX_TAGS) {
    throw new AwsError('TooManyTagsException', `A resource can have no more than ${MAX_TAGS} tags.`, {
      fields: { resourceName: group.name },
    })
  }
  group.tags = merged
}

function removeTags(group: LogGroupRecord, keys: string[]): void {
  for (const key of keys) delete group.tags[key]
}

export function tagResource(ctx: RequestContext): Record<string, never> {
  const group = groupFromResourceArn(ctx)
  addTags(group, readTagMap(ctx.params.tags))
  return {}
}

export function untagResource(ctx: RequestContext): Record<string, never> {
  const group = groupFromResourceArn(ctx)
  removeTags(group, readTagKeys(ctx.params.tagKeys, 'tagKeys'))
  return {}
}

export function listTagsForResource(ctx: RequestContext): { tags: Record<string, string> } {
  return { tags: { ...groupFromResourceArn(ctx).tags } }
}

export function tagLogGroup(ctx: RequestContext): Record<string, never> {
  const group = groupFromName(ctx)
  addTags(group, readTagMap(ctx.params.tags))
  return {}
}

export function untagLogGroup(ctx: RequestContext): Record<string, never> {
  const group = groupFromName(ctx)
  removeTags(group, readTagKeys(ctx.params.tags, 'tags'))
  return {}
}

export function listTagsLogGroup(ctx: RequestContext): { tags: Record<string, string> } {
  return { tags: { ...groupFromName(ctx).tags } }
}
