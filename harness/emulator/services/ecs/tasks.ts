/**
 * RunTask, DescribeTasks, StopTask. Fargate tasks start PROVISIONING and stop on request (no containers
 * actually run); EC2-launched tasks fail with ECS's "No Container Instances were found in your cluster."
 * because the emulator registers no container instances. Fargate needs an awsvpc task definition that
 * declares FARGATE and a network configuration with subnets (RunTask API reference).
 */
import { randomBytes } from 'node:crypto'
import { optionalInteger, optionalString, optionalStringList, requireString } from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { requireCluster } from './clusters.js'
import { clientError, invalidParameter } from './errors.js'
import { clusterArn, ecsStore, ecsTagList, ecsTagMap, type TaskRecord, taskArn, taskDefinitionArn } from './store.js'
import { findTaskDefinition } from './task-definitions.js'

function describeTask(ctx: RequestContext, task: TaskRecord) {
  return {
    taskArn: taskArn(ctx.region, ctx.caller.accountId, task.cluster, task.id),
    clusterArn: clusterArn(ctx.region, ctx.caller.accountId, task.cluster),
    taskDefinitionArn: task.taskDefinitionArn,
    lastStatus: task.lastStatus,
    desiredStatus: task.lastStatus === 'STOPPED' ? 'STOPPED' : 'RUNNING',
    createdAt: task.createdAt,
    tags: ecsTagList(task.tags),
  }
}

export function runTask(ctx: RequestContext) {
  const cluster = requireCluster(ctx, ctx.params.cluster)
  const record = findTaskDefinition(ctx, requireString(ctx, 'taskDefinition'))
  if (record?.status !== 'ACTIVE') throw clientError('TaskDefinition not found.')
  const count = optionalInteger(ctx, 'count') ?? 1
  if (count < 1 || count > 10) throw invalidParameter('count must be between 1 and 10.')
  const launchType =
    optionalString(ctx, 'launchType', { oneOf: ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'] }) ?? 'EC2'
  // No container instances are ever registered, so EC2-launched tasks find no capacity, as in an empty cluster.
  if (launchType !== 'FARGATE') {
    const arn = clusterArn(ctx.region, ctx.caller.accountId, cluster.name)
    return { tasks: [], failures: [{ arn, reason: 'No Container Instances were found in your cluster.' }] }
  }
  if (!record.requiresCompatibilities?.includes('FARGATE')) {
    throw clientError('Task definition does not support launch_type FARGATE.')
  }
  if (record.networkMode !== 'awsvpc') throw clientError('Fargate only supports network mode ‘awsvpc’.')
  const subnets = ctx.params.networkConfiguration?.awsvpcConfiguration?.subnets
  if (!Array.isArray(subnets) || subnets.length === 0) {
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
  }
  const definitionArn = taskDefinitionArn(ctx.region, ctx.caller.accountId, record.family, record.revision)
  const store = ecsStore(ctx)
  const tasks = Array.from({ length: count }, () => {
    const task: TaskRecord = {
      cluster: cluster.name,
      id: randomBytes(16).toString('hex'),
      taskDefinitionArn: definitionArn,
      lastStatus: 'PROVISIONING',
      createdAt: ctx.now,
      tags: ecsTagMap(ctx.params.tags),
    }
    store.tasks.set(task.id, task)
    return describeTask(ctx, task)
  })
  return { tasks, failures: [] }
}

export function stopTask(ctx: RequestContext) {
  const reference = requireString(ctx, 'task')
  const id = reference.split('/').pop() ?? reference
  const task = ecsStore(ctx).tasks.get(id)
  if (!task) throw invalidParameter('The referenced task was not found.')
  task.lastStatus = 'STOPPED'
  return { task: describeTask(ctx, task) }
}

export function describeTasks(ctx: RequestContext) {
  const cluster = requireCluster(ctx, ctx.params.cluster)
  const store = ecsStore(ctx)
  const tasks = []
  const failures = []
  for (const reference of optionalStringList(ctx, 'tasks')) {
    const id = reference.split('/').pop() ?? reference
    const task = store.tasks.get(id)
    if (task && task.cluster === cluster.name) tasks.push(describeTask(ctx, task))
    else failures.push({ arn: taskArn(ctx.region, ctx.caller.accountId, cluster.name, id), reason: 'MISSING' })
  }
  return { tasks, failures }
}
