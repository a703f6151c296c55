/** TagResource, UntagResource, ListTagsForResource for clusters, task definitions, services and tasks (by ARN). */
import { AwsError } from '../../core/errors.js'
import { optionalStringList, requireList, requireString } from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { type EcsTags, ecsStore, ecsTagList, ecsTagMap } from './store.js'

const MAX_TAGS = 50

/** The tagged record an ECS ARN names, or undefined. */
export function taggedRecord(ctx: RequestContext, arn: string): { tags: EcsTags } | undefined {
  const match = /^arn:aws[\w-]*:ecs:[\w-]+:(\d{12}):(cluster|task-definition|service|task)\/(.+)$/.exec(arn)
  if (!match || match[1] !== ctx.caller.accountId) return undefined
  const [, , type, rest] = match as unknown as [string, string, string, string]
  const store = ecsStore(ctx)
  if (type === 'cluster') return store.clusters.get(rest)
  if (type === 'task-definition') return store.taskDefinitions.get(rest)
  if (type === 'service') return store.services.get(rest)
  return store.tasks.get(rest.split('/').pop() ?? '')
}

function requireTagged(ctx: RequestContext): { tags: EcsTags } {
  const record = taggedRecord(ctx, requireString(ctx, 'resourceArn'))
  if (!record) throw new AwsError('InvalidParameterException', 'The specified resource is not valid.')
  return record
}

export function tagResource(ctx: RequestContext) {
  const record = requireTagged(ctx)
  const merged = { ...record.tags, ...ecsTagMap(requireList(ctx, 'tags')) }
  if (Object.keys(merged).length > MAX_TAGS) {
    throw new AwsError('InvalidParameterException', 'The tags exceed the maximum of 50 tags per resource.')
  }
  record.tags = merged
  return {}
}

export function untagResource(ctx: RequestContext) {
  const record = requireTagged(ctx)
  for (const key of optionalStringList(ctx, 'tagKeys')) delete record.tags[key]
  return {}
}

export function listTagsForResource(ctx: RequestContext) {
  return { tags: ecsTagList(requireTagged(ctx).tags) }
}
