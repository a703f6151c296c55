/** RegisterTaskDefinition (a new revision per call), DescribeTaskDefinition, DeregisterTaskDefinition. */

import { compareText } from '../../../compare-text.js'
import { optionalString, optionalStringList, requireList, requireString } from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { clientError, taskDefinitionNotFound } from './errors.js'
import { ecsPage } from './paging.js'
import { ecsStore, ecsTagList, ecsTagMap, type TaskDefinitionRecord, taskDefinitionArn } from './store.js'

const FAMILY = /^[A-Za-z0-9_-]{1,255}$/

export function describeTaskDefinitionRecord(ctx: RequestContext, record: TaskDefinitionRecord) {
  return {
    taskDefinitionArn: taskDefinitionArn(ctx.region, ctx.caller.accountId, record.family, record.revision),
    family: record.family,
    revision: record.revision,
    status: record.status,
    containerDefinitions: record.containerDefinitions,
    ...(record.taskRoleArn ? { taskRoleArn: record.taskRoleArn } : {}),
    ...(record.executionRoleArn ? { executionRoleArn: record.executionRoleArn } : {}),
    ...(record.networkMode ? { networkMode: record.networkMode } : {}),
    ...(record.requiresCompatibilities ? { requiresCompatibilities: record.requiresCompatibilities } : {}),
    ...(record.cpu ? { cpu: record.cpu } : {}),
    ...(record.memory ? { memory: record.memory } : {}),
    registeredAt: record.registeredAt,
  }
}

/** `family`, `family:revision` or the ARN → the record (latest ACTIVE revision for a bare family). */
export function findTaskDefinition(ctx: RequestContext, reference: string): TaskDefinitionRecord | undefined {
  const match = /^(?:arn:aws[\w-]*:ecs:[\w-]+:\d{12}:task-definition\/)?([A-Za-z0-9_-]+)(?::(\d+))?$/.exec(reference)
  if (!match) return undefined
  const [, family, revision] = match
  const all = [...ecsStore(ctx).taskDefinitions.values()].filter((record) => record.family === family)
  if (revision) return all.find((record) => record.revision === Number(revision))
  return all.filter((record) => record.status === 'ACTIVE').sort((a, b) => b.revision - a.revision)[0]
}

/**
 * Fargate needs awsvpc and task-level cpu and memory; without task-level memory every container needs
 * memory or memoryReservation (RegisterTaskDefinition API reference; texts in FACTS.md, ECS).
 */
function validateSizing(ctx: RequestContext, containers: unknown[]): void {
  if (optionalStringList(ctx, 'requiresCompatibilities').includes('FARGATE')) {
    if (optionalString(ctx, 'networkMode') !== 'awsvpc')
      throw clientError('Fargate only supports network mode ‘awsvpc’.')
    if (!optionalString(ctx, 'cpu')) throw clientError("Fargate requires that 'cpu' be defined at the task level.")
    if (!optionalString(ctx, 'memory'))
      throw clientError("Fargate requires that 'memory' be defined at the task level.")
  }
  if (optionalString(ctx, 'memory')) return
  for (const container of containers as Array<{ name?: unknown; memory?: unknown; memoryReservation?: unknown }>) {
    if (container?.memory === undefined && container?.memoryReservation === undefined) {
      throw clientError(
        `Invalid setting for container '${String(container?.name ?? '')}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      )
    }
  }
}

export function registerTaskDefinition(ctx: RequestContext) {
  const family = requireString(ctx, 'family')
  if (!FAMILY.test(family)) {
    throw clientError(
      'Family contains invalid characters. Up to 255 letters, numbers, hyphens and underscores are allowed.',
    )
  }
  const containerDefinitions = requireList(ctx, 'containerDefinitions')
  if (containerDefinitions.length === 0) throw clientError('Container list cannot be empty.')
  validateSizing(ctx, containerDefinitions)
  const store = ecsStore(ctx)
  const revision =
    1 + Math.max(0, ...[...store.taskDefinitions.values()].filter((r) => r.family === family).map((r) => r.revision))
  const record: TaskDefinitionRecord = {
    family,
    revision,
    status: 'ACTIVE',
    containerDefinitions,
    taskRoleArn: optionalString(ctx, 'taskRoleArn'),
    executionRoleArn: optionalString(ctx, 'executionRoleArn'),
    networkMode: optionalString(ctx, 'networkMode'),
    requiresCompatibilities: optionalStringList(ctx, 'requiresCompatibilities'),
    cpu: optionalString(ctx, 'cpu'),
    memory: optionalString(ctx, 'memory'),
    registeredAt: ctx.now,
    tags: ecsTagMap(ctx.params.tags),
  }
  store.taskDefinitions.set(`${family}:${revision}`, record)
  return { taskDefinition: describeTaskDefinitionRecord(ctx, record), tags: ecsTagList(record.tags) }
}

export function describeTaskDefinition(ctx: RequestContext) {
  const record = findTaskDefinition(ctx, requireString(ctx, 'taskDefinition'))
  if (!record) throw taskDefinitionNotFound()
  return { taskDefinition: describeTaskDefinitionRecord(ctx, record), tags: ecsTagList(record.tags) }
}

export function deregisterTaskDefinition(ctx: RequestContext) {
  const reference = requireString(ctx, 'taskDefinition')
  if (!/:\d+$/.test(reference))
    throw clientError('Invalid revision number. Number: ' + (reference.split(':').pop() ?? ''))
  const record = findTaskDefinition(ctx, reference)
  if (!record) throw taskDefinitionNotFound()
  record.status = 'INACTIVE'
  return { taskDefinition: describeTaskDefinitionRecord(ctx, record) }
}

export function listTaskDefinitions(ctx: RequestContext) {
  const family = optionalString(ctx, 'familyPrefix')
  const status = optionalString(ctx, 'status', { oneOf: ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'] }) ?? 'ACTIVE'
  const arns = [...ecsStore(ctx).taskDefinitions.values()]
    .filter((record) => record.status === status && (!family || record.family === family))
    .sort((a, b) => compareText(a.family, b.family) || a.revision - b.revision)
    .map((record) => taskDefinitionArn(ctx.region, ctx.caller.accountId, record.family, record.revision))
  const { page, nextToken } = ecsPage(ctx, 'ecs-task-definitions', arns)
  return { taskDefinitionArns: page, ...(nextToken ? { nextToken } : {}) }
}
