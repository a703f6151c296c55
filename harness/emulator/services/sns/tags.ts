/** TagResource, UntagResource, ListTagsForResource on topics (API_TagResource.html: at most 50 tags per topic; no `aws:` keys). */
import { AwsError } from '../../core/errors.js'
import { optionalStringList, requireList } from '../../core/params.js'
import { tagListToMap } from '../../core/tag-context.js'
import type { RequestContext } from '../../core/types.js'
import { assertTagKeys, topicFromArn } from './topics.js'

const MAX_TAGS = 50

const resourceNotFound = () => new AwsError('ResourceNotFound', 'Resource does not exist', { status: 404 })

export function tagResource(ctx: RequestContext): Record<string, never> {
  const topic = topicFromArn(ctx, 'ResourceArn', resourceNotFound)
  const tags = tagListToMap(requireList(ctx, 'Tags'))
  assertTagKeys(tags)
  const merged = { ...topic.tags, ...tags }
  if (Object.keys(merged).length > MAX_TAGS) {
    throw new AwsError('TagLimitExceeded', 'Could not complete request: tag quota of per resource exceeded')
  }
  topic.tags = merged
  return {}
}

export function untagResource(ctx: RequestContext): Record<string, never> {
  const topic = topicFromArn(ctx, 'ResourceArn', resourceNotFound)
  for (const key of optionalStringList(ctx, 'TagKeys')) delete topic.tags[key]
  return {}
}

export function listTagsForResource(ctx: RequestContext): { Tags: Array<{ Key: string; Value: string }> } {
  const topic = topicFromArn(ctx, 'ResourceArn', resourceNotFound)
  return { Tags: Object.entries(topic.tags).map(([Key, Value]) => ({ Key, Value })) }
}
