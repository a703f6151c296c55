/** ECS state per account and region: clusters, task definitions, services, tasks, account settings; and ARN formats. */
import type { RequestContext } from '../../core/types.js'

export type EcsTags = Record<string, string>

export interface ClusterRecord {
  name: string
  tags: EcsTags
  createdAt: Date
}

export interface TaskDefinitionRecord {
  family: string
  revision: number
  status: 'ACTIVE' | 'INACTIVE'
  containerDefinitions: unknown[]
  taskRoleArn?: string
  executionRoleArn?: string
  networkMode?: string
  requiresCompatibilities?: string[]
  cpu?: string
  memory?: string
  registeredAt: Date
  tags: EcsTags
}

export interface ServiceRecord {
  cluster: string
  name: string
  taskDefinitionArn: string
  desiredCount: number
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE'
  createdAt: Date
  tags: EcsTags
}

export interface TaskRecord {
  cluster: string
  id: string
  taskDefinitionArn: string
  lastStatus: 'PROVISIONING' | 'RUNNING' | 'STOPPED'
  createdAt: Date
  tags: EcsTags
}

export interface EcsRegionStore {
  clusters: Map<string, ClusterRecord>
  /** `family:revision` → record. */
  taskDefinitions: Map<string, TaskDefinitionRecord>
  /** `cluster/service` → record. */
  services: Map<string, ServiceRecord>
  /** task id → record. */
  tasks: Map<string, TaskRecord>
  /** Account settings (name → 'enabled'/'disabled'/'on'/'off'), set with PutAccountSetting(Default). */
  settings: Map<string, string>
}

export function ecsStore(ctx: RequestContext): EcsRegionStore {
  return ctx.state.regionStore('ecs', ctx.caller.accountId, ctx.region, () => ({
    clusters: new Map(),
    taskDefinitions: new Map(),
    services: new Map(),
    tasks: new Map(),
    settings: new Map(),
  }))
}

const base = (region: string, accountId: string) => `arn:aws:ecs:${region}:${accountId}`
export const clusterArn = (region: string, accountId: string, name: string) =>
  `${base(region, accountId)}:cluster/${name}`
export const taskDefinitionArn = (region: string, accountId: string, family: string, revision: number) =>
  `${base(region, accountId)}:task-definition/${family}:${revision}`
export const serviceArn = (region: string, accountId: string, cluster: string, name: string) =>
  `${base(region, accountId)}:service/${cluster}/${name}`
export const taskArn = (region: string, accountId: string, cluster: string, id: string) =>
  `${base(region, accountId)}:task/${cluster}/${id}`

/** `name` or `arn:aws:ecs:…:cluster/name` → name; absent means the `default` cluster. */
export function clusterNameOf(value: unknown): string {
  if (typeof value !== 'string' || value === '') return 'default'
  const match = /^arn:aws[\w-]*:ecs:[\w-]+:\d{12}:cluster\/(.+)$/.exec(value)
  return match ? match[1]! : value
}

/** `[{key, value}]` (ECS spells tag members in lower case) → map. */
export function ecsTagMap(tags: unknown): EcsTags {
  const map: EcsTags = {}
  if (!Array.isArray(tags)) return map
  for (const tag of tags as Array<{ key?: unknown; value?: unknown }>) {
    if (typeof tag?.key === 'string') map[tag.key] = typeof tag.value === 'string' ? tag.value : ''
  }
  return map
}

export function ecsTagList(tags: EcsTags): Array<{ key: string; value: string }> {
  return Object.entries(tags).map(([key, value]) => ({ key, value }))
}
