/** Live ECS resources for `GET /_emulator/resources`: clusters, ACTIVE task definitions, ACTIVE services, unstopped tasks. */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import { clusterArn, type EcsRegionStore, serviceArn, taskArn, taskDefinitionArn } from './store.js'

export function listEcsResources(state: EmulatorState): EmulatorResource[] {
  const out: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<EcsRegionStore>('ecs')) {
    if (!region) continue
    const add = (type: string, id: string, arn: string, tags: Record<string, string>) =>
      out.push({ accountId, region, type, id, arn, tags: { ...tags } })
    for (const c of store.clusters.values()) add('ecs:cluster', c.name, clusterArn(region, accountId, c.name), c.tags)
    for (const t of store.taskDefinitions.values()) {
      if (t.status === 'ACTIVE')
        add(
          'ecs:task-definition',
          `${t.family}:${t.revision}`,
          taskDefinitionArn(region, accountId, t.family, t.revision),
          t.tags,
        )
    }
    for (const s of store.services.values())
      add('ecs:service', `${s.cluster}/${s.name}`, serviceArn(region, accountId, s.cluster, s.name), s.tags)
    for (const t of store.tasks.values()) {
      if (t.lastStatus !== 'STOPPED')
        add('ecs:task', `${t.cluster}/${t.id}`, taskArn(region, accountId, t.cluster, t.id), t.tags)
    }
  }
  return out
}
