/** DescribeVpcs, DescribeSubnets and DescribeSecurityGroups over the account's (default) network. */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import { applyFilters, type FilterFields } from './filters.js'
import { listParam } from './params.js'
import { ec2Store, peekTags, type SecurityGroupRecord, type SubnetRecord, tagSet, type VpcRecord } from './store.js'

/** EC2 answers with every missing id of the request in one message. */
function requireAll<T>(found: Map<string, T>, ids: string[], code: string, describe: (ids: string) => string): void {
  const missing = ids.filter((id) => !found.has(id))
  if (missing.length > 0) throw new AwsError(code, describe(missing.map((id) => `'${id}'`).join(', ')))
}

const VPC_FIELDS: FilterFields<VpcRecord> = {
  'vpc-id': (vpc) => vpc.vpcId,
  'is-default': (vpc) => String(vpc.isDefault),
  'cidr-block': (vpc) => vpc.cidrBlock,
  cidr: (vpc) => vpc.cidrBlock,
  state: () => 'available',
  'dhcp-options-id': (vpc) => vpc.dhcpOptionsId,
  'owner-id': () => undefined,
}

export function describeVpcs(ctx: RequestContext) {
  const store = ec2Store(ctx)
  const ids = listParam(ctx.params, 'VpcId')
  requireAll(store.vpcs, ids, 'InvalidVpcID.NotFound', (list) => `The vpc ID ${list} does not exist`)
  const vpcs = [...store.vpcs.values()].filter((vpc) => ids.length === 0 || ids.includes(vpc.vpcId))
  const fields = { ...VPC_FIELDS, 'owner-id': () => ctx.caller.accountId }
  return {
    vpcSet: applyFilters(vpcs, ctx.params, fields, (vpc) => peekTags(store, vpc.vpcId)).map((vpc) => ({
      vpcId: vpc.vpcId,
      ownerId: ctx.caller.accountId,
      state: 'available',
      cidrBlock: vpc.cidrBlock,
      cidrBlockAssociationSet: [
        {
          associationId: `vpc-cidr-assoc-${vpc.vpcId.slice(4)}`,
          cidrBlock: vpc.cidrBlock,
          cidrBlockState: { state: 'associated' },
        },
      ],
      dhcpOptionsId: vpc.dhcpOptionsId,
      instanceTenancy: 'default',
      isDefault: vpc.isDefault,
      tagSet: tagSet(store, vpc.vpcId),
    })),
  }
}

const SUBNET_FIELDS: FilterFields<SubnetRecord> = {
  'subnet-id': (subnet) => subnet.subnetId,
  'vpc-id': (subnet) => subnet.vpcId,
  'availability-zone': (subnet) => subnet.availabilityZone,
  'availability-zone-id': (subnet) => subnet.availabilityZoneId,
  'default-for-az': (subnet) => String(subnet.defaultForAz),
  defaultForAz: (subnet) => String(subnet.defaultForAz),
  'cidr-block': (subnet) => subnet.cidrBlock,
  state: () => 'available',
}

export function describeSubnets(ctx: RequestContext) {
  const store = ec2Store(ctx)
  const ids = listParam(ctx.params, 'SubnetId')
  requireAll(store.subnets, ids, 'InvalidSubnetID.NotFound', (list) => `The subnet ID ${list} does not exist`)
  const subnets = [...store.subnets.values()].filter((subnet) => ids.length === 0 || ids.includes(subnet.subnetId))
  return {
    subnetSet: applyFilters(subnets, ctx.params, SUBNET_FIELDS, (s) => peekTags(store, s.subnetId)).map((subnet) => ({
      subnetId: subnet.subnetId,
      subnetArn: `arn:aws:ec2:${ctx.region}:${ctx.caller.accountId}:subnet/${subnet.subnetId}`,
      state: 'available',
      ownerId: ctx.caller.accountId,
      vpcId: subnet.vpcId,
      cidrBlock: subnet.cidrBlock,
      availableIpAddressCount: 4091,
      availabilityZone: subnet.availabilityZone,
      availabilityZoneId: subnet.availabilityZoneId,
      defaultForAz: subnet.defaultForAz,
      mapPublicIpOnLaunch: subnet.defaultForAz,
      assignIpv6AddressOnCreation: false,
      tagSet: tagSet(store, subnet.subnetId),
    })),
  }
}

const GROUP_FIELDS: FilterFields<SecurityGroupRecord> = {
  'group-id': (group) => group.groupId,
  'group-name': (group) => group.groupName,
  'vpc-id': (group) => group.vpcId,
  description: (group) => group.description,
}

export function describeSecurityGroups(ctx: RequestContext) {
  const store = ec2Store(ctx)
  const ids = listParam(ctx.params, 'GroupId')
  const names = listParam(ctx.params, 'GroupName')
  requireAll(store.securityGroups, ids, 'InvalidGroup.NotFound', (list) => `The security group ${list} does not exist`)
  const byName = new Map([...store.securityGroups.values()].map((group) => [group.groupName, group]))
  requireAll(
    byName,
    names,
    'InvalidGroup.NotFound',
    (list) => `The security group ${list} does not exist in default VPC`,
  )
  const groups = [...store.securityGroups.values()].filter(
    (group) =>
      (ids.length === 0 || ids.includes(group.groupId)) && (names.length === 0 || names.includes(group.groupName)),
  )
  return {
    securityGroupInfo: applyFilters(groups, ctx.params, GROUP_FIELDS, (g) => peekTags(store, g.groupId)).map(
      (group) => ({
        ownerId: ctx.caller.accountId,
        groupId: group.groupId,
        groupName: group.groupName,
        groupDescription: group.description,
        vpcId: group.vpcId,
        securityGroupArn: `arn:aws:ec2:${ctx.region}:${ctx.caller.accountId}:security-group/${group.groupId}`,
        ipPermissions: [
          { ipProtocol: '-1', groups: [{ groupId: group.groupId, userId: ctx.caller.accountId }], ipRanges: [] },
        ],
        ipPermissionsEgress: [{ ipProtocol: '-1', groups: [], ipRanges: [{ cidrIp: '0.0.0.0/0' }] }],
        tagSet: tagSet(store, group.groupId),
      }),
    ),
  }
}
