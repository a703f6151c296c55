/** TagResource, UntagResource, ListTags on functions, addressed by ARN in the path. */
import { optionalStringList, optionalStringMap, requireString } from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { requireFunction } from './functions.js'
import { assertTagKeys } from './validation.js'

export function tagResource(ctx: RequestContext) {
  const record = requireFunction(ctx, 'Resource')
  const tags = optionalStringMap(ctx, 'Tags') ?? {}
  assertTagKeys(tags)
  Object.assign(record.tags, tags)
  return undefined
}

export function untagResource(ctx: RequestContext) {
  const record = requireFunction(ctx, 'Resource')
  const keys = typeof ctx.params.tagKeys === 'string' ? [ctx.params.tagKeys] : optionalStringList(ctx, 'tagKeys')
  for (const key of keys) delete record.tags[key]
  return undefined
}

export function listTags(ctx: RequestContext) {
  requireString(ctx, 'Resource')
  return { Tags: { ...requireFunction(ctx, 'Resource').tags } }
}
