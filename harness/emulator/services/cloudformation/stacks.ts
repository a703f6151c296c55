/** CreateStack (provisioned at once, see provision.ts), DescribeStacks, DescribeStackEvents, DeleteStack. */
import { randomUUID } from 'node:crypto'
import { AwsError } from '../../core/errors.js'
import { decodeOffsetToken, encodePageToken } from '../../core/page-token.js'
import { optionalString, requireString } from '../../core/params.js'
import { tagListToMap } from '../../core/tag-context.js'
import type { RequestContext } from '../../core/types.js'
import { deleteResources, provisionStack } from './provision.js'
import { serviceRoleCaller } from './service-role.js'
import { type StackRecord, stackStore } from './store.js'
import { readTemplate } from './template.js'

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/

export function stackArn(ctx: RequestContext, name: string, id: string): string {
  return `arn:aws:cloudformation:${ctx.region}:${ctx.caller.accountId}:stack/${name}/${id}`
}

function notFound(name: string): AwsError {
  return new AwsError('ValidationError', `Stack with id ${name} does not exist`)
}

/** By name or stack ARN; deleted stacks are found only by ARN, as in CloudFormation. */
function findStack(ctx: RequestContext, nameOrArn: string): StackRecord | undefined {
  const stacks = [...stackStore(ctx).values()]
  return (
    stacks.find((stack) => stack.id === nameOrArn) ??
    stacks.find((stack) => stack.name === nameOrArn && stack.status !== 'DELETE_COMPLETE')
  )
}

export async function createStack(ctx: RequestContext) {
  const name = requireString(ctx, 'StackName')
  if (!STACK_NAME.test(name)) {
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`,
    )
  }
  const body = optionalString(ctx, 'TemplateBody')
  if (!body) {
    throw new AwsError(
      'ValidationError',
      optionalString(ctx, 'TemplateURL')
        ? 'The harness emulator reads TemplateBody only, not TemplateURL.'
        : 'Either Template URL or Template Body must be specified.',
    )
  }
  if (findStack(ctx, name)) throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`)
  const roleArn = optionalString(ctx, 'RoleARN')
  if (roleArn) serviceRoleCaller(ctx, roleArn)
  const tags = tagListToMap(ctx.params.Tags)
  const id = stackArn(ctx, name, randomUUID())
  const facts = { region: ctx.region, accountId: ctx.caller.accountId, stackName: name, stackId: id }
  const given = Array.isArray(ctx.params.Parameters) ? ctx.params.Parameters : []
  const resources = readTemplate(body, tags, given, facts)
  const stack: StackRecord = {
    id,
    name,
    status: 'CREATE_COMPLETE',
    createdAt: ctx.now,
    tags,
    ...(roleArn ? { roleArn } : {}),
    resources: [],
    events: [],
  }
  stackStore(ctx).set(stack.id, stack)
  await provisionStack(ctx, stack, resources)
  return { StackId: stack.id }
}

function describeStack(stack: StackRecord) {
  return {
    StackId: stack.id,
    StackName: stack.name,
    CreationTime: stack.createdAt,
    StackStatus: stack.status,
    ...(stack.statusReason ? { StackStatusReason: stack.statusReason } : {}),
    ...(stack.roleArn ? { RoleARN: stack.roleArn } : {}),
    DisableRollback: false,
    Tags: Object.entries(stack.tags).map(([Key, Value]) => ({ Key, Value })),
  }
}

export function describeStacks(ctx: RequestContext) {
  const name = optionalString(ctx, 'StackName')
  if (name) {
    const stack = findStack(ctx, name)
    if (!stack) throw notFound(name)
    return { Stacks: [describeStack(stack)] }
  }
  const token = optionalString(ctx, 'NextToken')
  const invalid = () => new AwsError('ValidationError', `${token} is not a valid NextToken`)
  const start = token === undefined ? 0 : decodeOffsetToken(token, 'cfn-stacks', invalid)
  const stacks = [...stackStore(ctx).values()].filter((s) => s.status !== 'DELETE_COMPLETE')
  const end = start + STACKS_PAGE
  const more = end < stacks.length ? { NextToken: encodePageToken('cfn-stacks', end) } : {}
  return { Stacks: stacks.slice(start, end).map(describeStack), ...more }
}

/** AWS pages DescribeStacks by response size (1 MB); 100 stacks a page stands in for it. */
const STACKS_PAGE = 100

export function describeStackEvents(ctx: RequestContext) {
  const name = requireString(ctx, 'StackName')
  const stack = findStack(ctx, name)
  if (!stack) throw notFound(name)
  const events = [...stack.events].reverse().map((event, index) => ({
    StackId: stack.id,
    EventId: `${stack.id}-${stack.events.length - index}`,
    StackName: stack.name,
    LogicalResourceId: event.logicalId,
    PhysicalResourceId: event.physicalId,
    ResourceType: event.type,
    Timestamp: event.time,
    ResourceStatus: event.status,
    ...(event.reason ? { ResourceStatusReason: event.reason } : {}),
  }))
  return { StackEvents: events }
}

/** Deleting a stack that does not exist succeeds, as in CloudFormation. */
export async function deleteStack(ctx: RequestContext) {
  const stack = findStack(ctx, requireString(ctx, 'StackName'))
  if (!stack || stack.status === 'DELETE_COMPLETE') return undefined
  const stuck = await deleteResources(ctx, stack)
  stack.status = stuck.length === 0 ? 'DELETE_COMPLETE' : 'DELETE_FAILED'
  stack.statusReason =
    stuck.length === 0 ? undefined : `The following resource(s) failed to delete: [${stuck.join(', ')}]. `
  return undefined
}
