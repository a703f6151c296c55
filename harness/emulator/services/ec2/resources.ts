/**
 * Live instances for `GET /_emulator/resources`. Instances whose termination was requested are left
 * out (nothing remains to clean up), and so is the default network: AWS creates the default VPC,
 * subnets and security group itself, so they are never a leak.
 */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import type { Ec2RegionStore } from './store.js'

export function listInstanceResources(state: EmulatorState): EmulatorResource[] {
  const resources: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<Ec2RegionStore>('ec2')) {
    if (!region) continue
    for (const instance of store.instances.values()) {
      if (instance.terminationRequestedAt) continue
      resources.push({
        accountId,
        region,
        type: 'ec2:instance',
        id: instance.instanceId,
        arn: `arn:aws:ec2:${region}:${accountId}:instance/${instance.instanceId}`,
        tags: Object.fromEntries(store.tags.get(instance.instanceId) ?? []),
      })
    }
  }
  return resources
}
