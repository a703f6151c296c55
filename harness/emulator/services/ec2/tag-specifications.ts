/** TagSpecification.N parsing and EC2 tag validation (shared by RunInstances and CreateTags). */
import { AwsError } from '../../core/errors.js'
import type { Tag } from '../../core/types.js'

export const RUN_INSTANCES_TAGGABLE = ['instance', 'volume', 'network-interface', 'spot-instances-request'] as const
export type RunInstancesTaggable = (typeof RUN_INSTANCES_TAGGABLE)[number]

export interface TagSpecification {
  resourceType: string
  tags: Tag[]
}

export function readTagList(raw: unknown): Tag[] {
  if (raw === undefined || raw === null) return []
  const list: any[] = Array.isArray(raw) ? raw : [raw]
  return list.filter(Boolean).map((tag) => ({ Key: String(tag.Key ?? ''), Value: String(tag.Value ?? '') }))
}

/** Lenient read for authorization, which must never throw. */
export function readTagSpecifications(params: Record<string, any>): TagSpecification[] {
  const raw = params.TagSpecification
  if (raw === undefined || raw === null) return []
  const list: any[] = Array.isArray(raw) ? raw : [raw]
  return list
    .filter(Boolean)
    .map((spec) => ({ resourceType: String(spec.ResourceType ?? ''), tags: readTagList(spec.Tag) }))
}

export function validateTags(tags: Tag[]): void {
  if (tags.length > 50) {
    throw new AwsError('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.')
  }
  for (const tag of tags) {
    if (tag.Key.length === 0 || tag.Key.length > 128) {
      throw new AwsError('InvalidParameterValue', `Tag key must be between 1 and 128 characters long.`)
    }
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw new AwsError('InvalidParameterValue', "Tag keys starting with 'aws:' are reserved for internal use")
    }
    if (tag.Value.length > 256) {
      throw new AwsError('InvalidParameterValue', 'Tag value must be at most 256 characters long.')
    }
  }
}

/** Validated tag specifications for RunInstances, merged per resource type. */
export function requireRunInstancesTagSpecifications(params: Record<string, any>): Map<string, Tag[]> {
  const byType = new Map<string, Tag[]>()
  for (const spec of readTagSpecifications(params)) {
    if (!(RUN_INSTANCES_TAGGABLE as readonly string[]).includes(spec.resourceType)) {
      throw new AwsError(
        'InvalidParameterValue',
        `'${spec.resourceType}' is not a valid taggable resource type for this operation.`,
      )
    }
    if (byType.has(spec.resourceType)) {
      throw new AwsError(
        'InvalidParameterValue',
        `The same resource type may not be specified more than once in tag specifications: ${spec.resourceType}`,
      )
    }
    validateTags(spec.tags)
    byType.set(spec.resourceType, spec.tags)
  }
  return byType
}
