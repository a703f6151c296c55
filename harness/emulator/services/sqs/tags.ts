/** TagQueue, UntagQueue, ListQueueTags (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-tags.html: at most 50 tags; no `aws:` keys). */
import { AwsError } from '../../core/errors.js'
import { optionalStringList, optionalStringMap } from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { queueFromUrl } from './queues.js'
import { assertTagKeys } from './validation.js'

const MAX_TAGS = 50

export function tagQueue(ctx: RequestContext): Record<string, never> {
  const queue = queueFromUrl(ctx)
  const tags = optionalStringMap(ctx, 'Tags') ?? {}
  assertTagKeys(tags)
  const merged = { ...queue.tags, ...tags }
  if (Object.keys(merged).length > MAX_TAGS) {
    throw new AwsError('InvalidParameterValue', `Too many tags added for queue ${queue.name}.`)
  }
  queue.tags = merged
  return {}
}

export function untagQueue(ctx: RequestContext): Record<string, never> {
  const queue = queueFromUrl(ctx)
  for (const key of optionalStringList(ctx, 'TagKeys')) delete queue.tags[key]
  return {}
}

export function listQueueTags(ctx: RequestContext): { Tags?: Record<string, string> } {
  const tags = queueFromUrl(ctx).tags
  return Object.keys(tags).length > 0 ? { Tags: { ...tags } } : {}
}
