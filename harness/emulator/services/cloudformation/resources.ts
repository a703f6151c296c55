/** Live stacks for `GET /_emulator/resources` (their resources are listed by their own services). */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import type { StackRecord } from './store.js'

export function listStackResources(state: EmulatorState): EmulatorResource[] {
  const out: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<Map<string, StackRecord>>('cloudformation')) {
    if (!region) continue
    for (const stack of store.values()) {
      if (stack.status === 'DELETE_COMPLETE') continue
      out.push({
        accountId,
        region,
        type: 'cloudformation:stack',
        id: stack.name,
        arn: stack.id,
        tags: { ...stack.tags },
      })
    }
  }
  return out
}
