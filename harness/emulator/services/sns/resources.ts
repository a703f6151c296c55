/** Live topics for `GET /_emulator/resources` (and the tagging API's resource listing). */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import { type TopicStore, topicArn } from './store.js'

export function listTopicResources(state: EmulatorState): EmulatorResource[] {
  const resources: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<TopicStore>('sns')) {
    if (!region) continue
    for (const topic of store.values()) {
      const arn = topicArn(region, accountId, topic.name)
      resources.push({ accountId, region, type: 'sns:topic', id: topic.name, arn, tags: { ...topic.tags } })
    }
  }
  return resources
}
