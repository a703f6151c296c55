/** CreateCluster (idempotent by name, as ECS is), DescribeClusters, ListClusters, DeleteCluster. */
import { AwsError } from '../../core/errors.js'
import { optionalString, optionalStringList } from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { clusterNotFound, invalidParameter } from './errors.js'
import { ecsPage } from './paging.js'
import { type ClusterRecord, clusterArn, clusterNameOf, ecsStore, ecsTagList, ecsTagMap } from './store.js'

const CLUSTER_NAME = /^[A-Za-z0-9_-]{1,255}$/

export function describeCluster(ctx: RequestContext, cluster: ClusterRecord) {
  const store = ecsStore(ctx)
  const count = (status: string) =>
    [...store.tasks.values()].filter((task) => task.cluster === cluster.name && task.lastStatus === status).length
  return {
    clusterArn: clusterArn(ctx.region, ctx.caller.accountId, cluster.name),
    clusterName: cluster.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: 0,
    runningTasksCount: count('RUNNING'),
    pendingTasksCount: count('PROVISIONING'),
    activeServicesCount: [...store.services.values()].filter((s) => s.cluster === cluster.name && s.status === 'ACTIVE')
      .length,
    statistics: [],
    tags: ecsTagList(cluster.tags),
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
  }
}

export function requireCluster(ctx: RequestContext, value: unknown): ClusterRecord {
  const cluster = ecsStore(ctx).clusters.get(clusterNameOf(value))
  if (!cluster) throw clusterNotFound()
  return cluster
}

export function createCluster(ctx: RequestContext) {
  const name = optionalString(ctx, 'clusterName') ?? 'default'
  if (!CLUSTER_NAME.test(name)) {
    throw invalidParameter('Cluster name can have up to 255 characters: letters, numbers, hyphens and underscores.')
  }
  const store = ecsStore(ctx)
  const cluster = store.clusters.get(name) ?? { name, tags: ecsTagMap(ctx.params.tags), createdAt: ctx.now }
  store.clusters.set(name, cluster)
  return { cluster: describeCluster(ctx, cluster) }
}

export function describeClusters(ctx: RequestContext) {
  const names = optionalStringList(ctx, 'clusters')
  const store = ecsStore(ctx)
  const clusters = []
  const failures = []
  for (const value of names.length > 0 ? names : ['default']) {
    const cluster = store.clusters.get(clusterNameOf(value))
    if (cluster) clusters.push(describeCluster(ctx, cluster))
    else failures.push({ arn: clusterArn(ctx.region, ctx.caller.accountId, clusterNameOf(value)), reason: 'MISSING' })
  }
  return { clusters, failures }
}

export function listClusters(ctx: RequestContext) {
  const names = [...ecsStore(ctx).clusters.keys()].sort()
  const { page, nextToken } = ecsPage(ctx, 'ecs-clusters', names)
  const clusterArns = page.map((name) => clusterArn(ctx.region, ctx.caller.accountId, name))
  return { clusterArns, ...(nextToken ? { nextToken } : {}) }
}

export function deleteCluster(ctx: RequestContext) {
  const cluster = requireCluster(ctx, ctx.params.cluster)
  const store = ecsStore(ctx)
  if ([...store.services.values()].some((s) => s.cluster === cluster.name && s.status === 'ACTIVE')) {
    throw new AwsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.')
  }
  if ([...store.tasks.values()].some((task) => task.cluster === cluster.name && task.lastStatus !== 'STOPPED')) {
    throw new AwsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.')
  }
  store.clusters.delete(cluster.name)
  return { cluster: { ...describeCluster(ctx, cluster), status: 'INACTIVE' } }
}
