/**
 * Authorization for ECS (Service Authorization Reference, Amazon ECS resources and ARNs).
 * Tag-on-create: with tags, CreateCluster, RegisterTaskDefinition, RunTask and CreateService also
 * need ecs:TagResource on the new resource, with `ecs:CreateAction` naming the call
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html).
 * AWS enforced it first only where the account setting `tagResourceAuthorization` was `on`
 * (introduced April 2023, per the AWS email quoted in aws/copilot-cli issue 5601); the timeline turns
 * it on for every account (aws-2024-ecs-tag-resource-authorization). So the setting-driven check here
 * carries the reason 'account-setting', and ecsTagOnCreateChecks gives the timeline's checks.
 * Passing task and execution roles needs iam:PassRole with iam:PassedToService ecs-tasks.amazonaws.com:
 * on RegisterTaskDefinition for the roles it names, on RunTask/CreateService for the task definition's
 * roles or the overrides (Service Authorization Reference, Amazon ECS, API operations table;
 * https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html).
 * Service condition keys as that reference lists them per action: ecs:cluster (RunTask, CreateService,
 * DescribeTasks, StopTask, DescribeServices, DeleteService), ecs:task-definition (CreateService),
 * ecs:compute-compatibility, ecs:privileged, ecs:task-cpu, ecs:task-memory (RegisterTaskDefinition).
 */
import { requestTagContext, resourceTagContext } from '../../core/tag-context.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { isTagResourceAuthorizationOn } from './account-settings.js'
import { clusterArn, clusterNameOf, ecsStore, ecsTagMap, serviceArn, taskArn, taskDefinitionArn } from './store.js'
import { taggedRecord } from './tags.js'
import { findTaskDefinition } from './task-definitions.js'

const account = (ctx: RequestContext) => ctx.caller.accountId

/** The ARN the created resource will have (what AWS authorizes CreateX and the tag check against). */
function createdResource(ctx: RequestContext): string {
  const cluster = clusterNameOf(ctx.params.cluster)
  switch (ctx.operation) {
    case 'CreateCluster':
      return clusterArn(ctx.region, account(ctx), clusterNameOf(ctx.params.clusterName))
    case 'RegisterTaskDefinition': {
      const family = String(ctx.params.family ?? '')
      const next =
        1 +
        Math.max(
          0,
          ...[...ecsStore(ctx).taskDefinitions.values()].filter((r) => r.family === family).map((r) => r.revision),
        )
      return taskDefinitionArn(ctx.region, account(ctx), family, next)
    }
    case 'CreateService':
      return serviceArn(ctx.region, account(ctx), cluster, String(ctx.params.serviceName ?? ''))
    default:
      return taskArn(ctx.region, account(ctx), cluster, '*')
  }
}

/** The ecs:TagResource check a tagged create needs; empty without tags. */
export function ecsTagOnCreateChecks(ctx: RequestContext): AuthCheck[] {
  const tags = ecsTagMap(ctx.params.tags)
  if (Object.keys(tags).length === 0) return []
  const context = { ...requestTagContext(tags), 'ecs:CreateAction': ctx.operation }
  return [{ action: 'ecs:TagResource', resource: createdResource(ctx), context, reason: 'tag-on-create' }]
}

/** The timeline's checks: none when the account setting already made the same check. */
export function ecsTimelineTagChecks(ctx: RequestContext): AuthCheck[] {
  return isTagResourceAuthorizationOn(ctx) ? [] : ecsTagOnCreateChecks(ctx)
}

function settingChecks(ctx: RequestContext): AuthCheck[] {
  if (!isTagResourceAuthorizationOn(ctx)) return []
  return ecsTagOnCreateChecks(ctx).map((check) => ({ ...check, reason: 'account-setting' }))
}

function passRole(roles: unknown[]): AuthCheck[] {
  return roles
    .filter((role): role is string => typeof role === 'string' && role !== '')
    .map((role) => ({
      action: 'iam:PassRole',
      resource: role,
      context: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
      reason: 'pass-role',
    }))
}

/** RunTask/CreateService: the overrides' roles, else the task definition's. */
function passRoleChecks(ctx: RequestContext): AuthCheck[] {
  const record = findTaskDefinition(ctx, String(ctx.params.taskDefinition ?? ''))
  return passRole([
    ctx.params.overrides?.taskRoleArn ?? record?.taskRoleArn,
    ctx.params.overrides?.executionRoleArn ?? record?.executionRoleArn,
  ])
}

/** RegisterTaskDefinition: the roles the new revision names. */
const registeredRoleChecks = (ctx: RequestContext) => passRole([ctx.params.taskRoleArn, ctx.params.executionRoleArn])

type ConditionKeys = (ctx: RequestContext) => Record<string, string | string[] | undefined>

const clusterKey: ConditionKeys = (ctx) => ({
  'ecs:cluster': clusterArn(ctx.region, account(ctx), clusterNameOf(ctx.params.cluster)),
})

/** The task definition's ARN as RunTask and CreateService resolve it (the name as given when there is none). */
function taskDefinitionOf(ctx: RequestContext): string {
  const record = findTaskDefinition(ctx, String(ctx.params.taskDefinition ?? ''))
  return record
    ? taskDefinitionArn(ctx.region, account(ctx), record.family, record.revision)
    : `arn:aws:ecs:${ctx.region}:${account(ctx)}:task-definition/${String(ctx.params.taskDefinition ?? '')}`
}

const registerKeys: ConditionKeys = (ctx) => {
  const containers: unknown[] = Array.isArray(ctx.params.containerDefinitions) ? ctx.params.containerDefinitions : []
  const flags = containers.map((container) => (container as { privileged?: unknown })?.privileged)
  const compatibilities = ctx.params.requiresCompatibilities
  return {
    'ecs:compute-compatibility': Array.isArray(compatibilities) ? compatibilities.map(String) : undefined,
    'ecs:privileged': flags.some((flag) => typeof flag === 'boolean') ? String(flags.includes(true)) : undefined,
    'ecs:task-cpu': typeof ctx.params.cpu === 'string' ? ctx.params.cpu : undefined,
    'ecs:task-memory': typeof ctx.params.memory === 'string' ? ctx.params.memory : undefined,
  }
}

function creating(
  action: string,
  resourceOf: (ctx: RequestContext) => string,
  extra: (ctx: RequestContext) => AuthCheck[] = () => [],
  keys: ConditionKeys = () => ({}),
) {
  return (ctx: RequestContext): AuthCheck[] => [
    {
      action,
      resource: resourceOf(ctx),
      context: { ...requestTagContext(ecsTagMap(ctx.params.tags)), ...keys(ctx) },
      reason: 'primary',
    },
    ...settingChecks(ctx),
    ...extra(ctx),
  ]
}

export const authorizeCreateCluster = creating('ecs:CreateCluster', createdResource)
export const authorizeRegisterTaskDefinition = creating(
  'ecs:RegisterTaskDefinition',
  createdResource,
  registeredRoleChecks,
  registerKeys,
)
export const authorizeCreateService = creating('ecs:CreateService', createdResource, passRoleChecks, (ctx) => ({
  ...clusterKey(ctx),
  'ecs:task-definition': taskDefinitionOf(ctx),
}))
export const authorizeRunTask = creating('ecs:RunTask', taskDefinitionOf, passRoleChecks, clusterKey)

/** Checks on an existing resource named by ARN/name, with its tags as aws:ResourceTag context. */
export function onArn(action: string, arnOf: (ctx: RequestContext) => string, keys: ConditionKeys = () => ({})) {
  return (ctx: RequestContext): AuthCheck[] => {
    const arn = arnOf(ctx)
    const context = { ...resourceTagContext(taggedRecord(ctx, arn)?.tags), ...keys(ctx) }
    return [{ action, resource: arn, context, reason: 'primary' }]
  }
}

/** The same, for task and service actions, which also carry ecs:cluster. */
export const inCluster = (action: string, arnOf: (ctx: RequestContext) => string) => onArn(action, arnOf, clusterKey)

export const clusterArnOf = (member: string) => (ctx: RequestContext) =>
  clusterArn(ctx.region, account(ctx), clusterNameOf(ctx.params[member]))
export const resourceArnParam = (ctx: RequestContext) => String(ctx.params.resourceArn ?? '*')
export const anyResource = (action: string) => (): AuthCheck[] => [{ action, resource: '*', reason: 'primary' }]
