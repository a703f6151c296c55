/**
 * AddTagsToResource, RemoveTagsFromResource and ListTagsForResource for parameters
 * (ResourceType "Parameter", ResourceId = the parameter name). Other resource types are not emulated.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_AddTagsToResource.html
 */
import { AwsError } from '../../core/errors.js'
import { optionalStringList, requireList, requireString } from '../../core/params.js'
import { tagListToMap } from '../../core/tag-context.js'
import type { RequestContext } from '../../core/types.js'
import { MAX_PARAMETER_TAGS } from './account-parameters.js'
import type { ParameterRecord } from './store.js'
import { parameterStore } from './store.js'

const RESOURCE_TYPES = ['Document', 'ManagedInstance', 'MaintenanceWindow', 'Parameter', 'PatchBaseline', 'OpsItem']

function taggedParameter(ctx: RequestContext): ParameterRecord {
  const type = requireString(ctx, 'ResourceType', { oneOf: [...RESOURCE_TYPES, 'OpsMetadata', 'Automation'] })
  const id = requireString(ctx, 'ResourceId')
  if (type !== 'Parameter') {
    throw new AwsError('InvalidResourceType', `The harness emulator only tags parameters, not ${type} resources.`)
  }
  const record = parameterStore(ctx).get(id)
  if (!record) throw new AwsError('InvalidResourceId', '')
  return record
}

export function addTagsToResource(ctx: RequestContext): Record<string, never> {
  const record = taggedParameter(ctx)
  const merged = { ...record.tags, ...tagListToMap(requireList(ctx, 'Tags')) }
  if (Object.keys(merged).length > MAX_PARAMETER_TAGS) throw new AwsError('TooManyTagsError', '')
  record.tags = merged
  return {}
}

export function removeTagsFromResource(ctx: RequestContext): Record<string, never> {
  const record = taggedParameter(ctx)
  for (const key of optionalStringList(ctx, 'TagKeys')) delete record.tags[key]
  return {}
}

export function listTagsForResource(ctx: RequestContext): { TagList: Array<{ Key: string; Value: string }> } {
  const record = taggedParameter(ctx)
  return { TagList: Object.entries(record.tags).map(([Key, Value]) => ({ Key, Value })) }
}
