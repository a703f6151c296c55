/** TerminateInstances: idempotent, and all-or-nothing when any id is unknown. */
import type { RequestContext } from '../../core/types.js'
import { requireInstances } from './instance-ids.js'
import { instanceStateName, stateShape } from './instance-state.js'
import { listParam, requireStringParam } from './params.js'
import { ec2Store } from './store.js'

export function terminateInstances(ctx: RequestContext) {
  const ids = listParam(ctx.params, 'InstanceId')
  if (ids.length === 0) requireStringParam(ctx.params, 'InstanceId')
  const store = ec2Store(ctx)
  const instances = requireInstances(store, ids)
  return {
    instancesSet: instances.map((instance) => {
      const previous = instanceStateName(ctx.state, instance, ctx.now)
      if (!instance.terminationRequestedAt) {
        instance.terminationRequestedAt = ctx.now
        // Root volume and primary interface are DeleteOnTermination.
        store.attachments.delete(instance.volumeId)
        store.attachments.delete(instance.networkInterfaceId)
      }
      const current = instanceStateName(ctx.state, instance, ctx.now)
      return { instanceId: instance.instanceId, currentState: stateShape(current), previousState: stateShape(previous) }
    }),
  }
}
