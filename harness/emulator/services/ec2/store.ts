/**
 * EC2 state per account and region. The default network (VPC, one subnet per AZ, default security
 * group) is created the first time any EC2 call reaches an account+region: the server only lets
 * calls through in enabled regions, so this is when the region became usable for that account.
 */
import type { RequestContext } from '../../core/types.js'
import { createDefaultNetwork } from './default-vpc.js'
import { isForgotten } from './instance-state.js'

export interface VpcRecord {
  vpcId: string
  cidrBlock: string
  isDefault: boolean
  dhcpOptionsId: string
}

export interface SubnetRecord {
  subnetId: string
  vpcId: string
  cidrBlock: string
  availabilityZone: string
  availabilityZoneId: string
  defaultForAz: boolean
}

export interface SecurityGroupRecord {
  groupId: string
  groupName: string
  description: string
  vpcId: string
}

export interface InstanceRecord {
  instanceId: string
  reservationId: string
  imageId: string
  instanceType: string
  architecture: string
  subnetId: string
  vpcId: string
  availabilityZone: string
  securityGroupIds: string[]
  privateIpAddress: string
  launchIndex: number
  launchedAt: Date
  /** Set by TerminateInstances; state is derived from these timestamps (see instance-state.ts). */
  terminationRequestedAt?: Date
  volumeId: string
  networkInterfaceId: string
  clientToken?: string
}

export interface Ec2RegionStore {
  vpcs: Map<string, VpcRecord>
  subnets: Map<string, SubnetRecord>
  securityGroups: Map<string, SecurityGroupRecord>
  instances: Map<string, InstanceRecord>
  /** Resource id → tags, for every taggable id (instances, volumes, ENIs, VPCs, subnets, groups). */
  tags: Map<string, Map<string, string>>
  /** Ids of volumes and network interfaces that exist (attached to live instances). */
  attachments: Set<string>
  nextPrivateIp: number
}

export function ec2Store(ctx: RequestContext): Ec2RegionStore {
  const store = regionStore(ctx)
  forgetOldTerminatedInstances(ctx, store)
  return store
}

/** Instances terminated long ago disappear from every answer (and stop costing memory). */
function forgetOldTerminatedInstances(ctx: RequestContext, store: Ec2RegionStore): void {
  for (const instance of store.instances.values()) {
    if (!isForgotten(ctx.state, instance, ctx.now)) continue
    store.instances.delete(instance.instanceId)
    for (const id of [instance.instanceId, instance.volumeId, instance.networkInterfaceId]) store.tags.delete(id)
  }
}

function regionStore(ctx: RequestContext): Ec2RegionStore {
  return ctx.state.regionStore('ec2', ctx.caller.accountId, ctx.region, () => {
    const store: Ec2RegionStore = {
      vpcs: new Map(),
      subnets: new Map(),
      securityGroups: new Map(),
      instances: new Map(),
      tags: new Map(),
      attachments: new Set(),
      nextPrivateIp: 10,
    }
    createDefaultNetwork(store, ctx.region)
    return store
  })
}

export function tagsOf(store: Ec2RegionStore, resourceId: string): Map<string, string> {
  const existing = store.tags.get(resourceId)
  if (existing) return existing
  const created = new Map<string, string>()
  store.tags.set(resourceId, created)
  return created
}

/** The tags of a resource without creating an entry (for reads and filters). */
export function peekTags(store: Ec2RegionStore, resourceId: string): Map<string, string> {
  return store.tags.get(resourceId) ?? new Map()
}

/** EC2's `tagSet` wire shape. */
export function tagSet(store: Ec2RegionStore, resourceId: string): Array<{ key: string; value: string }> {
  return [...(store.tags.get(resourceId) ?? [])].map(([key, value]) => ({ key, value }))
}
