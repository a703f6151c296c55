/** Live log groups for `GET /_emulator/resources`. */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import { type LogGroupStore, logGroupArn } from './store.js'

export function listLogGroupResources(state: EmulatorState): EmulatorResource[] {
  const resources: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<LogGroupStore>('logs')) {
    if (!region) continue
    for (const group of store.values()) {
      resources.push({
        accountId,
        region,
        type: 'logs:log-group',
        id: group.name,
        arn: logGroupArn(region, accountId, group.name),
        tags: { ...group.tags },
      })
    }
  }
  return resources
}
