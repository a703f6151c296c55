/** The DescribeInstances / RunInstances wire shape of one instance. */
import type { RequestContext } from '../../core/types.js'
import { instanceState } from './instance-state.js'
import { type Ec2RegionStore, type InstanceRecord, tagSet } from './store.js'

function groupSet(store: Ec2RegionStore, instance: InstanceRecord) {
  return instance.securityGroupIds.map((groupId) => ({
    groupId,
    groupName: store.securityGroups.get(groupId)?.groupName ?? '',
  }))
}

function privateDnsName(ctx: RequestContext, ip: string): string {
  const suffix = ctx.region === 'us-east-1' ? 'ec2.internal' : `${ctx.region}.compute.internal`
  return `ip-${ip.replaceAll('.', '-')}.${suffix}`
}

export function instanceItem(ctx: RequestContext, store: Ec2RegionStore, instance: InstanceRecord) {
  const state = instanceState(ctx.state, instance, ctx.now)
  const terminated = state.name === 'terminated'
  const launchTime = instance.launchedAt.toISOString()
  const groups = groupSet(store, instance)
  return {
    instanceId: instance.instanceId,
    imageId: instance.imageId,
    instanceState: state,
    privateDnsName: terminated ? '' : privateDnsName(ctx, instance.privateIpAddress),
    dnsName: '',
    reason: terminated ? `User initiated (${instance.terminationRequestedAt?.toISOString()})` : '',
    amiLaunchIndex: instance.launchIndex,
    productCodes: [],
    instanceType: instance.instanceType,
    launchTime,
    placement: { availabilityZone: instance.availabilityZone, groupName: '', tenancy: 'default' },
    monitoring: { state: 'disabled' },
    ...(terminated
      ? {}
      : { subnetId: instance.subnetId, vpcId: instance.vpcId, privateIpAddress: instance.privateIpAddress }),
    sourceDestCheck: true,
    groupSet: groups,
    architecture: instance.architecture,
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    blockDeviceMapping: terminated
      ? []
      : [
          {
            deviceName: '/dev/xvda',
            ebs: { volumeId: instance.volumeId, status: 'attached', attachTime: launchTime, deleteOnTermination: true },
          },
        ],
    virtualizationType: 'hvm',
    ...(instance.clientToken ? { clientToken: instance.clientToken } : {}),
    tagSet: tagSet(store, instance.instanceId),
    hypervisor: 'xen',
    networkInterfaceSet: terminated
      ? []
      : [
          {
            networkInterfaceId: instance.networkInterfaceId,
            subnetId: instance.subnetId,
            vpcId: instance.vpcId,
            ownerId: ctx.caller.accountId,
            status: 'in-use',
            privateIpAddress: instance.privateIpAddress,
            privateDnsName: privateDnsName(ctx, instance.privateIpAddress),
            sourceDestCheck: true,
            groupSet: groups,
            attachment: {
              attachmentId: `eni-attach-${instance.networkInterfaceId.slice(4)}`,
              deviceIndex: 0,
              status: 'attached',
              attachTime: launchTime,
              deleteOnTermination: true,
            },
            interfaceType: 'interface',
          },
        ],
    ebsOptimized: false,
    enaSupport: true,
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
    metadataOptions: { state: 'applied', httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' },
  }
}
