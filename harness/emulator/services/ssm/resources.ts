/** The account's parameters for `GET /_emulator/resources` (and the tagging API's resource listing). */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import { parameterArn } from './public-parameters.js'
import type { ParameterStore } from './store.js'

export function listParameterResources(state: EmulatorState): EmulatorResource[] {
  const resources: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<ParameterStore>('ssm')) {
    if (!region) continue
    for (const parameter of store.values()) {
      resources.push({
        accountId,
        region,
        type: 'ssm:parameter',
        id: parameter.name,
        arn: parameterArn(region, accountId, parameter.name),
        tags: { ...parameter.tags },
      })
    }
  }
  return resources
}
