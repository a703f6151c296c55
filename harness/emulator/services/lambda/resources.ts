/** Live functions for `GET /_emulator/resources` (and the tagging API's resource listing). */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import { type FunctionStore, functionArn } from './store.js'

export function listFunctionResources(state: EmulatorState): EmulatorResource[] {
  const resources: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<FunctionStore>('lambda')) {
    if (!region) continue
    for (const fn of store.values()) {
      resources.push({
        accountId,
        region,
        type: 'lambda:function',
        id: fn.name,
        arn: functionArn(region, accountId, fn.name),
        tags: { ...fn.tags },
      })
    }
  }
  return resources
}
