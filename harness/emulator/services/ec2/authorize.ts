/**
 * EC2 authorization checks (Service Authorization Reference). RunInstances is checked on every
 * resource it touches; tags in TagSpecifications add ec2:CreateTags per tagged resource type with
 * ec2:CreateAction=RunInstances (AWS: "ec2:CreateTags is only evaluated if tags are applied during
 * the resource-creating action"). An ImageId of `resolve:ssm:<parameter>` adds ssm:GetParameters on it.
 * Describe* operations have no resource-level permissions ('*').
 */
import type { AuthCheck, RequestContext, Tag } from '../../core/types.js'
import { type Ec2ResourceType, ec2Arn, resourceTypeOfId } from './arns.js'
import { findImage } from './images.js'
import { chooseSecurityGroups, chooseSubnet } from './launch-network.js'
import { listParam, stringParam } from './params.js'
import { resolvedImageId, ssmImageChecks } from './resolve-image.js'
import { DEFAULT_INSTANCE_TYPE } from './run-instances.js'
import { ec2Store, peekTags } from './store.js'
import { readTagList, readTagSpecifications } from './tag-specifications.js'

type Context = NonNullable<AuthCheck['context']>

function requestTagContext(tags: Tag[]): Context {
  const context: Context = { 'aws:TagKeys': tags.map((tag) => tag.Key) }
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value
  return context
}

function resourceTagContext(ctx: RequestContext, id: string): Context {
  const context: Context = {}
  for (const [key, value] of peekTags(ec2Store(ctx), id)) {
    context[`aws:ResourceTag/${key}`] = value
    context[`ec2:ResourceTag/${key}`] = value
  }
  return context
}

export const wildcardCheck =
  (action: string) =>
  (_ctx: RequestContext): AuthCheck[] => [{ action, resource: '*', reason: 'primary' }]

function runInstancesResourceChecks(ctx: RequestContext, tagsByType: Map<string, Tag[]>): AuthCheck[] {
  const store = ec2Store(ctx)
  const region = { 'ec2:Region': ctx.region }
  const imageId = resolvedImageId(ctx) ?? stringParam(ctx.params, 'ImageId') ?? ''
  const image = findImage(ctx.region, imageId)
  const subnet = chooseSubnet(ctx, store)
  const subnetId = subnet?.subnetId ?? stringParam(ctx.params, 'SubnetId') ?? '*'
  const vpcArn = subnet ? ec2Arn(ctx, 'vpc', subnet.vpcId) : undefined
  const zone = subnet?.availabilityZone
  const groups = subnet ? chooseSecurityGroups(ctx, store, subnet.vpcId).groups.map((g) => g.groupId) : []
  const check = (type: Ec2ResourceType, id: string, context: Context): AuthCheck => ({
    action: 'ec2:RunInstances',
    resource: ec2Arn(ctx, type, id),
    context: { ...region, ...context },
    reason: 'primary',
  })
  return [
    check('instance', '*', {
      'ec2:InstanceType': stringParam(ctx.params, 'InstanceType') ?? DEFAULT_INSTANCE_TYPE,
      'ec2:AvailabilityZone': zone,
      'ec2:Tenancy': 'default',
      'ec2:RootDeviceType': 'ebs',
      ...requestTagContext(tagsByType.get('instance') ?? []),
    }),
    check('image', imageId, {
      'ec2:ImageID': imageId,
      'ec2:ImageType': 'machine',
      'ec2:Owner': image ? 'amazon' : undefined,
      'ec2:Public': image ? 'true' : undefined,
      'ec2:RootDeviceType': 'ebs',
    }),
    check('network-interface', '*', {
      'ec2:Subnet': ec2Arn(ctx, 'subnet', subnetId),
      'ec2:Vpc': vpcArn,
      'ec2:AvailabilityZone': zone,
      ...requestTagContext(tagsByType.get('network-interface') ?? []),
    }),
    ...groups.map((groupId) =>
      check('security-group', groupId, {
        'ec2:SecurityGroupID': groupId,
        'ec2:Vpc': vpcArn,
        ...resourceTagContext(ctx, groupId),
      }),
    ),
    check('subnet', subnetId, {
      'ec2:SubnetID': subnetId,
      'ec2:Vpc': vpcArn,
      'ec2:AvailabilityZone': zone,
      ...resourceTagContext(ctx, subnetId),
    }),
    check('volume', '*', {
      'ec2:VolumeSize': '8',
      'ec2:VolumeType': 'gp3',
      'ec2:Encrypted': 'false',
      'ec2:AvailabilityZone': zone,
      ...requestTagContext(tagsByType.get('volume') ?? []),
    }),
  ]
}

/** ec2:CreateTags per resource type tagged at launch, with ec2:CreateAction=RunInstances. */
export function runInstancesTagOnCreateChecks(ctx: RequestContext): AuthCheck[] {
  return readTagSpecifications(ctx.params)
    .filter((spec) => spec.tags.length > 0)
    .map((spec) => ({
      action: 'ec2:CreateTags',
      resource: ec2Arn(ctx, (spec.resourceType || 'instance') as Ec2ResourceType, '*'),
      context: { 'ec2:Region': ctx.region, 'ec2:CreateAction': 'RunInstances', ...requestTagContext(spec.tags) },
      reason: 'tag-on-create',
    }))
}

export function authorizeRunInstances(ctx: RequestContext): AuthCheck[] {
  const tagsByType = new Map(readTagSpecifications(ctx.params).map((spec) => [spec.resourceType, spec.tags]))
  return [...runInstancesResourceChecks(ctx, tagsByType), ...ssmImageChecks(ctx), ...runInstancesTagOnCreateChecks(ctx)]
}

function resourceArnOfId(ctx: RequestContext, id: string): string {
  return ec2Arn(ctx, resourceTypeOfId(id) ?? 'instance', id)
}

function tagChecks(action: string, tagContext: (ctx: RequestContext) => Context) {
  return (ctx: RequestContext): AuthCheck[] =>
    listParam(ctx.params, 'ResourceId').map((id) => ({
      action,
      resource: resourceArnOfId(ctx, id),
      context: { 'ec2:Region': ctx.region, ...resourceTagContext(ctx, id), ...tagContext(ctx) },
      reason: 'primary',
    }))
}

export const authorizeCreateTags = tagChecks('ec2:CreateTags', (ctx) => requestTagContext(readTagList(ctx.params.Tag)))
export const authorizeDeleteTags = tagChecks('ec2:DeleteTags', (ctx) => ({
  'aws:TagKeys': readTagList(ctx.params.Tag).map((tag) => tag.Key),
}))

export function authorizeTerminateInstances(ctx: RequestContext): AuthCheck[] {
  const store = ec2Store(ctx)
  return listParam(ctx.params, 'InstanceId').map((id) => {
    const instance = store.instances.get(id)
    return {
      action: 'ec2:TerminateInstances',
      resource: ec2Arn(ctx, 'instance', id),
      context: {
        'ec2:Region': ctx.region,
        'ec2:InstanceType': instance?.instanceType,
        'ec2:AvailabilityZone': instance?.availabilityZone,
        ...resourceTagContext(ctx, id),
      },
      reason: 'primary',
    }
  })
}
