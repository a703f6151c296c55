/**
 * Where RunInstances places an instance: the given subnet, else the default subnet of the requested
 * zone, else the first default subnet; the given security groups (by id or name) else the VPC's
 * default group. Shared by the handler and authorization so both name the same resources.
 */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import { listParam, stringParam } from './params.js'
import type { Ec2RegionStore, SecurityGroupRecord, SubnetRecord } from './store.js'

export function chooseSubnet(ctx: RequestContext, store: Ec2RegionStore): SubnetRecord | undefined {
  const subnetId = stringParam(ctx.params, 'SubnetId')
  if (subnetId) return store.subnets.get(subnetId)
  const zone = stringParam(ctx.params.Placement ?? {}, 'AvailabilityZone')
  const defaults = [...store.subnets.values()].filter((subnet) => subnet.defaultForAz)
  return zone ? defaults.find((subnet) => subnet.availabilityZone === zone) : defaults[0]
}

export function requireSubnet(ctx: RequestContext, store: Ec2RegionStore): SubnetRecord {
  const subnet = chooseSubnet(ctx, store)
  if (subnet) return subnet
  const subnetId = stringParam(ctx.params, 'SubnetId')
  if (subnetId) throw new AwsError('InvalidSubnetID.NotFound', `The subnet ID '${subnetId}' does not exist`)
  const zone = stringParam(ctx.params.Placement ?? {}, 'AvailabilityZone')
  if (zone) {
    throw new AwsError('InvalidParameterValue', `Invalid availability zone: [${zone}]`)
  }
  throw new AwsError('VPCIdNotSpecified', 'No default VPC for this user')
}

interface GroupChoice {
  groups: SecurityGroupRecord[]
  missing: string[]
}

export function chooseSecurityGroups(ctx: RequestContext, store: Ec2RegionStore, vpcId: string): GroupChoice {
  const ids = listParam(ctx.params, 'SecurityGroupId')
  const names = listParam(ctx.params, 'SecurityGroup')
  const inVpc = [...store.securityGroups.values()].filter((group) => group.vpcId === vpcId)
  if (ids.length === 0 && names.length === 0) {
    return { groups: inVpc.filter((group) => group.groupName === 'default'), missing: [] }
  }
  const groups: SecurityGroupRecord[] = []
  const missing: string[] = []
  for (const id of ids) {
    const group = inVpc.find((candidate) => candidate.groupId === id)
    if (group) groups.push(group)
    else missing.push(id)
  }
  for (const name of names) {
    const group = inVpc.find((candidate) => candidate.groupName === name)
    if (group) groups.push(group)
    else missing.push(name)
  }
  return { groups, missing }
}

export function requireSecurityGroups(
  ctx: RequestContext,
  store: Ec2RegionStore,
  vpcId: string,
): SecurityGroupRecord[] {
  const { groups, missing } = chooseSecurityGroups(ctx, store, vpcId)
  const first = missing[0]
  if (first !== undefined) {
    throw new AwsError('InvalidGroup.NotFound', `The security group '${first}' does not exist in VPC '${vpcId}'`)
  }
  return groups
}
