/** The default VPC AWS creates in every region of an account: 172.31.0.0/16, a /20 per AZ, a default group. */

import { newHexId } from '../../core/ids.js'
import { availabilityZones } from '../../core/regions.js'
import type { Ec2RegionStore } from './store.js'

const COMPASS: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  central: 'c',
  northeast: 'ne',
  southeast: 'se',
  northwest: 'nw',
  southwest: 'sw',
}

/** AZ ids use a short region code: us-east-1 → use1, ap-southeast-3 → apse3. */
export function shortRegionCode(region: string): string {
  const [area = '', direction = '', number = ''] = region.split('-')
  return `${area}${COMPASS[direction] ?? direction.slice(0, 1)}${number}`
}

export function availabilityZoneId(region: string, index: number): string {
  return `${shortRegionCode(region)}-az${index + 1}`
}

export function createDefaultNetwork(store: Ec2RegionStore, region: string): void {
  const vpcId = newHexId('vpc-')
  store.vpcs.set(vpcId, { vpcId, cidrBlock: '172.31.0.0/16', isDefault: true, dhcpOptionsId: newHexId('dopt-') })
  availabilityZones(region).forEach((zone, index) => {
    const subnetId = newHexId('subnet-')
    store.subnets.set(subnetId, {
      subnetId,
      vpcId,
      cidrBlock: `172.31.${index * 16}.0/20`,
      availabilityZone: zone,
      availabilityZoneId: availabilityZoneId(region, index),
      defaultForAz: true,
    })
  })
  const groupId = newHexId('sg-')
  store.securityGroups.set(groupId, { groupId, groupName: 'default', description: 'default VPC security group', vpcId })
}

export function defaultVpc(store: Ec2RegionStore) {
  return [...store.vpcs.values()].find((vpc) => vpc.isDefault)
}
