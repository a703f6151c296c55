/** CreateService and DeleteService (force, or after scaling to zero, as ECS requires). */
import { AwsError } from '../../core/errors.js'
import {
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStringList,
  requireString,
} from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { requireCluster } from './clusters.js'
import { clientError, invalidParameter, serviceNotFound } from './errors.js'
import {
  clusterArn,
  ecsStore,
  ecsTagList,
  ecsTagMap,
  type ServiceRecord,
  serviceArn,
  type TaskDefinitionRecord,
  taskDefinitionArn,
} from './store.js'
import { findTaskDefinition } from './task-definitions.js'

function describeService(ctx: RequestContext, service: ServiceRecord) {
  return {
    serviceArn: serviceArn(ctx.region, ctx.caller.accountId, service.cluster, service.name),
    serviceName: service.name,
    clusterArn: clusterArn(ctx.region, ctx.caller.accountId, service.cluster),
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: 0,
    pendingCount: 0,
    taskDefinition: service.taskDefinitionArn,
    createdAt: service.createdAt,
    tags: ecsTagList(service.tags),
  }
}

/**
 * As RunTask: FARGATE needs a FARGATE-compatible task definition, and an awsvpc task definition needs
 * subnets in networkConfiguration (CreateService API reference; texts and codes in FACTS.md, ECS).
 */
function checkNetworking(ctx: RequestContext, record: TaskDefinitionRecord): void {
  const launchType = optionalString(ctx, 'launchType', { oneOf: ['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'] })
  // A FARGATE-compatible task definition is awsvpc (RegisterTaskDefinition refuses any other).
  if (launchType === 'FARGATE' && !record.requiresCompatibilities?.includes('FARGATE'))
    throw invalidParameter('Task definition does not support launch_type FARGATE.')
  const subnets = ctx.params.networkConfiguration?.awsvpcConfiguration?.subnets
  if (record.networkMode === 'awsvpc' && (!Array.isArray(subnets) || subnets.length === 0)) {
    throw invalidParameter("Network Configuration must be provided when networkMode 'awsvpc' is specified.")
  }
}

export function createService(ctx: RequestContext) {
  const cluster = requireCluster(ctx, ctx.params.cluster)
  const name = requireString(ctx, 'serviceName')
  const record = findTaskDefinition(ctx, requireString(ctx, 'taskDefinition'))
  if (record?.status !== 'ACTIVE') throw clientError('TaskDefinition not found.')
  checkNetworking(ctx, record)
  const desiredCount = optionalInteger(ctx, 'desiredCount') ?? 0
  if (desiredCount < 0) throw invalidParameter('desiredCount must be non-negative.')
  const store = ecsStore(ctx)
  const key = `${cluster.name}/${name}`
  if (store.services.get(key)?.status === 'ACTIVE') throw invalidParameter('Creation of service was not idempotent.')
  const service: ServiceRecord = {
    cluster: cluster.name,
    name,
    taskDefinitionArn: taskDefinitionArn(ctx.region, ctx.caller.accountId, record.family, record.revision),
    desiredCount,
    status: 'ACTIVE',
    createdAt: ctx.now,
    tags: ecsTagMap(ctx.params.tags),
  }
  store.services.set(key, service)
  return { service: describeService(ctx, service) }
}

export function deleteService(ctx: RequestContext) {
  const cluster = requireCluster(ctx, ctx.params.cluster)
  const name = requireString(ctx, 'service').split('/').pop() ?? ''
  const store = ecsStore(ctx)
  const service = store.services.get(`${cluster.name}/${name}`)
  if (service?.status !== 'ACTIVE') throw serviceNotFound()
  if (service.desiredCount > 0 && !optionalBoolean(ctx, 'force')) {
    throw new AwsError('InvalidParameterException', 'The service cannot be stopped while it is scaled above 0.')
  }
  store.services.delete(`${cluster.name}/${name}`)
  return { service: { ...describeService(ctx, service), status: 'DRAINING' } }
}

export function describeServices(ctx: RequestContext) {
  const cluster = requireCluster(ctx, ctx.params.cluster)
  const names = optionalStringList(ctx, 'services')
  const store = ecsStore(ctx)
  const services = []
  const failures = []
  for (const reference of names) {
    const name = reference.split('/').pop() ?? reference
    const service = store.services.get(`${cluster.name}/${name}`)
    if (service) services.push(describeService(ctx, service))
    else failures.push({ arn: serviceArn(ctx.region, ctx.caller.accountId, cluster.name, name), reason: 'MISSING' })
  }
  return { services, failures }
}
