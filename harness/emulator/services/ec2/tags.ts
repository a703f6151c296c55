/** CreateTags and DeleteTags on any EC2 resource the account owns. */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import { resourceTypeOfId } from './arns.js'
import { listParam, requireStringParam } from './params.js'
import { type Ec2RegionStore, ec2Store, tagsOf } from './store.js'
import { readTagList, validateTags } from './tag-specifications.js'

const NOT_FOUND: Record<string, [string, (id: string) => string]> = {
  instance: ['InvalidInstanceID.NotFound', (id) => `The instance ID '${id}' does not exist`],
  volume: ['InvalidVolume.NotFound', (id) => `The volume '${id}' does not exist.`],
  'network-interface': ['InvalidNetworkInterfaceID.NotFound', (id) => `The networkInterface ID '${id}' does not exist`],
  subnet: ['InvalidSubnetID.NotFound', (id) => `The subnet ID '${id}' does not exist`],
  'security-group': ['InvalidGroup.NotFound', (id) => `The security group '${id}' does not exist`],
  vpc: ['InvalidVpcID.NotFound', (id) => `The vpc ID '${id}' does not exist`],
  image: ['InvalidAMIID.NotFound', (id) => `The image id '[${id}]' does not exist`],
}

export function resourceExists(store: Ec2RegionStore, id: string): boolean {
  return (
    store.instances.has(id) ||
    store.attachments.has(id) ||
    store.vpcs.has(id) ||
    store.subnets.has(id) ||
    store.securityGroups.has(id)
  )
}

/** Every id must name a resource of this account; public AMIs belong to Amazon and cannot be tagged. */
function requireResources(store: Ec2RegionStore, ids: string[]): void {
  for (const id of ids) {
    const type = resourceTypeOfId(id)
    if (!type) throw new AwsError('InvalidID', `The ID '${id}' is not valid`)
    if (resourceExists(store, id)) continue
    const [code, message] = NOT_FOUND[type]!
    throw new AwsError(code, message(id))
  }
}

function requireResourceIds(ctx: RequestContext): string[] {
  const ids = listParam(ctx.params, 'ResourceId')
  if (ids.length === 0) requireStringParam(ctx.params, 'ResourceId')
  return ids
}

export function createTags(ctx: RequestContext): { return: boolean } {
  const ids = requireResourceIds(ctx)
  const tags = readTagList(ctx.params.Tag)
  if (tags.length === 0) requireStringParam(ctx.params, 'Tag')
  validateTags(tags)
  const store = ec2Store(ctx)
  requireResources(store, ids)
  for (const id of ids) {
    const target = tagsOf(store, id)
    for (const tag of tags) target.set(tag.Key, tag.Value)
    if (target.size > 50) {
      throw new AwsError('TagLimitExceeded', 'The maximum number of Tags for a resource has been reached.')
    }
  }
  return { return: true }
}

/** A tag given with a value is deleted only when the value matches; without tags, all are deleted. */
export function deleteTags(ctx: RequestContext): { return: boolean } {
  const ids = requireResourceIds(ctx)
  const raw: any[] =
    ctx.params.Tag === undefined ? [] : Array.isArray(ctx.params.Tag) ? ctx.params.Tag : [ctx.params.Tag]
  const store = ec2Store(ctx)
  requireResources(store, ids)
  for (const id of ids) {
    const target = store.tags.get(id)
    if (!target) continue
    if (raw.length === 0) target.clear()
    for (const tag of raw) {
      const key = String(tag?.Key ?? '')
      if (tag?.Value === undefined || target.get(key) === String(tag.Value)) target.delete(key)
    }
  }
  return { return: true }
}
