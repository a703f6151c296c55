/** TagResource, UntagResource and ListTagsForResource on repository ARNs. */
import { AwsError } from '../../core/errors.js'
import type { RequestContext, Tag } from '../../core/types.js'
import { requireRepository } from './repositories.js'
import { type RepositoryRecord, repositoryNameFromArn, repositoryStore } from './store.js'
import { checkTagCount, mergeTags, readTagKeys, readTags } from './validation.js'

function repositoryFromArn(ctx: RequestContext): RepositoryRecord {
  const arn = ctx.params.resourceArn
  const name = typeof arn === 'string' ? repositoryNameFromArn(arn) : undefined
  if (name === undefined) {
    throw new AwsError(
      'InvalidParameterException',
      `Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'`,
    )
  }
  return requireRepository(ctx, repositoryStore(ctx), name)
}

export function tagResource(ctx: RequestContext): Record<string, never> {
  const repository = repositoryFromArn(ctx)
  const merged = mergeTags(repository.tags, readTags(ctx.params.tags))
  checkTagCount(merged)
  repository.tags = merged
  return {}
}

export function untagResource(ctx: RequestContext): Record<string, never> {
  const repository = repositoryFromArn(ctx)
  const removed = new Set(readTagKeys(ctx.params.tagKeys))
  repository.tags = repository.tags.filter((tag) => !removed.has(tag.Key))
  return {}
}

export function listTagsForResource(ctx: RequestContext): { tags: Tag[] } {
  return { tags: repositoryFromArn(ctx).tags.map((tag) => ({ ...tag })) }
}
