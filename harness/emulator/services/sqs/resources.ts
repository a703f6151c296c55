/** Live queues for `GET /_emulator/resources` (and the tagging API's resource listing). */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import { queueArn, type SqsRegionStore } from './store.js'

export function listQueueResources(state: EmulatorState): EmulatorResource[] {
  const resources: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<SqsRegionStore>('sqs')) {
    if (!region) continue
    for (const queue of store.queues.values()) {
      resources.push({
        accountId,
        region,
        type: 'sqs:queue',
        id: queue.name,
        arn: queueArn(region, accountId, queue.name),
        tags: { ...queue.tags },
      })
    }
  }
  return resources
}
