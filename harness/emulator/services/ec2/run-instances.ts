/** RunInstances: validates like EC2, honours DryRun, places instances in the (default) network. */
import { AwsError } from '../../core/errors.js'
import { newHexId } from '../../core/ids.js'
import type { RequestContext, Tag } from '../../core/types.js'
import { imageMalformed, imageNotFound } from './describe-images.js'
import { findImage, IMAGE_ID_PATTERN, type ImageRecord } from './images.js'
import { ARM64_FAMILIES, isInstanceTypeOffered, isKnownInstanceType } from './instance-types.js'
import { instanceItem } from './instance-view.js'
import { requireSecurityGroups, requireSubnet } from './launch-network.js'
import { boolParam, intParam, requireStringParam, stringParam } from './params.js'
import { requireResolvedImageId } from './resolve-image.js'
import { type Ec2RegionStore, ec2Store, type InstanceRecord, type SubnetRecord, tagsOf } from './store.js'
import { requireRunInstancesTagSpecifications } from './tag-specifications.js'

/** RunInstances' documented default when InstanceType is omitted. */
export const DEFAULT_INSTANCE_TYPE = 'm1.small'

export function dryRunOperation(): AwsError {
  return new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', { status: 412 })
}

function requireImage(ctx: RequestContext): ImageRecord {
  const imageId = requireResolvedImageId(ctx, requireStringParam(ctx.params, 'ImageId'))
  if (!IMAGE_ID_PATTERN.test(imageId)) throw imageMalformed(imageId)
  const image = findImage(ctx.region, imageId)
  if (!image) throw imageNotFound([imageId])
  return image
}

function requireInstanceType(ctx: RequestContext, image: ImageRecord): string {
  const instanceType = stringParam(ctx.params, 'InstanceType') ?? DEFAULT_INSTANCE_TYPE
  if (!isKnownInstanceType(instanceType)) {
    throw new AwsError('InvalidParameterValue', `Invalid value '${instanceType}' for InstanceType.`)
  }
  if (!isInstanceTypeOffered(ctx.region, instanceType)) {
    throw new AwsError(
      'Unsupported',
      'The requested configuration is currently not supported. Please check the documentation for supported configurations.',
    )
  }
  const typeArchitecture = ARM64_FAMILIES.has(instanceType.split('.')[0] ?? '') ? 'arm64' : 'x86_64'
  if (typeArchitecture !== image.architecture) {
    throw new AwsError(
      'InvalidParameterValue',
      `The architecture '${typeArchitecture}' of the specified instance type does not match the architecture '${image.architecture}' of the specified AMI. Specify an instance type and an AMI that have matching architectures, and try again. You can use 'describe-instance-types' or 'describe-images' to discover the architecture of the instance type or AMI.`,
    )
  }
  return instanceType
}

function requireCounts(ctx: RequestContext): { min: number; max: number } {
  const min = intParam(ctx.params, 'MinCount')
  const max = intParam(ctx.params, 'MaxCount')
  if (min === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter MinCount')
  if (max === undefined) throw new AwsError('MissingParameter', 'The request must contain the parameter MaxCount')
  if (min < 1)
    throw new AwsError('InvalidParameterValue', `Invalid value '${min}' for minCount. Must be greater than 0`)
  if (max < min) {
    throw new AwsError(
      'InvalidParameterValue',
      `Invalid value '${max}' for maxCount. Must be greater than or equal to minCount`,
    )
  }
  return { min, max }
}

function nextPrivateIp(store: Ec2RegionStore, subnet: SubnetRecord): string {
  const [a, b, c] = subnet.cidrBlock.split('/')[0]!.split('.').map(Number)
  const n = store.nextPrivateIp++
  return `${a}.${b}.${c! + Math.floor(n / 250)}.${(n % 250) + 4}`
}

function applyTags(store: Ec2RegionStore, resourceId: string, tags: Tag[] | undefined): void {
  if (!tags || tags.length === 0) return
  const target = tagsOf(store, resourceId)
  for (const tag of tags) target.set(tag.Key, tag.Value)
}

export function runInstances(ctx: RequestContext) {
  const image = requireImage(ctx)
  const instanceType = requireInstanceType(ctx, image)
  const { max } = requireCounts(ctx)
  const tagsByType = requireRunInstancesTagSpecifications(ctx.params)
  const store = ec2Store(ctx)
  const subnet = requireSubnet(ctx, store)
  const groups = requireSecurityGroups(ctx, store, subnet.vpcId)
  if (boolParam(ctx.params, 'DryRun')) throw dryRunOperation()

  const clientToken = stringParam(ctx.params, 'ClientToken')
  const previous = clientToken ? [...store.instances.values()].filter((i) => i.clientToken === clientToken) : []
  const reservationId = previous[0]?.reservationId ?? newHexId('r-')
  const instances: InstanceRecord[] = previous.length > 0 ? previous : []
  for (let index = 0; previous.length === 0 && index < max; index++) {
    const instance: InstanceRecord = {
      instanceId: newHexId('i-'),
      reservationId,
      imageId: image.imageId,
      instanceType,
      architecture: image.architecture,
      subnetId: subnet.subnetId,
      vpcId: subnet.vpcId,
      availabilityZone: subnet.availabilityZone,
      securityGroupIds: groups.map((group) => group.groupId),
      privateIpAddress: nextPrivateIp(store, subnet),
      launchIndex: index,
      launchedAt: ctx.now,
      volumeId: newHexId('vol-'),
      networkInterfaceId: newHexId('eni-'),
      clientToken,
    }
    store.instances.set(instance.instanceId, instance)
    store.attachments.add(instance.volumeId).add(instance.networkInterfaceId)
    applyTags(store, instance.instanceId, tagsByType.get('instance'))
    applyTags(store, instance.volumeId, tagsByType.get('volume'))
    applyTags(store, instance.networkInterfaceId, tagsByType.get('network-interface'))
    instances.push(instance)
  }
  return {
    reservationId,
    ownerId: ctx.caller.accountId,
    groupSet: [],
    instancesSet: instances.map((instance) => instanceItem(ctx, store, instance)),
  }
}
