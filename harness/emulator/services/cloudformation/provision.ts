/**
 * Creating and deleting a stack's resources with the caller's permissions, or the stack's service
 * role's (service-role.ts). Tagging follows the
 * timeline: where the rule is in force (behaviour 'cloudformation-tagging-strict', from September 4,
 * 2020 for new accounts and February 29, 2024 for all), a resource the caller may not tag fails and
 * the stack rolls back; before it, CloudFormation created the resource without its tags.
 * Failure reasons use the resource-handler wording CloudFormation shows: `Resource handler returned
 * message: "<service message> (Service: <Service>, Status Code: <n>, Request ID: <id>)" (RequestToken: <token>,
 * HandlerErrorCode: AccessDenied)` (seen in aws-samples/pcluster-manager issue 196).
 */
import { randomUUID } from 'node:crypto'
import type { AwsError } from '../../core/errors.js'
import type { Caller, RequestContext } from '../../core/types.js'
import { behaviourInForce } from '../../timeline/apply.js'
import { type InternalCall, invokeForStack } from './invoke.js'
import { planResource, propertiesFailure, type ResourcePlan } from './resource-types.js'
import { serviceRoleCaller } from './service-role.js'
import type { StackRecord, StackResource } from './store.js'

export interface TemplateResource {
  logicalId: string
  type: string
  properties: Record<string, unknown>
  tags: Record<string, string>
}

const SERVICE_NAMES: Record<string, string> = { sqs: 'Sqs', sns: 'Sns', s3: 'S3', logs: 'CloudWatchLogs', ssm: 'Ssm' }

const DENIAL_CODES = new Set(['AccessDenied', 'AccessDeniedException', 'AuthorizationError', 'UnauthorizedOperation'])

function handlerMessage(call: InternalCall, error: AwsError, ctx: RequestContext): string {
  const service = SERVICE_NAMES[call.service] ?? call.service
  const handlerCode = DENIAL_CODES.has(error.code) ? 'AccessDenied' : 'GeneralServiceException'
  return (
    `Resource handler returned message: "${error.message} (Service: ${service}, Status Code: ${error.status}, ` +
    `Request ID: ${ctx.requestId})" (RequestToken: ${randomUUID()}, HandlerErrorCode: ${handlerCode})`
  )
}

function event(
  stack: StackRecord,
  ctx: RequestContext,
  resource: TemplateResource | undefined,
  status: string,
  physicalId: string,
  reason?: string,
) {
  stack.events.push({
    logicalId: resource?.logicalId ?? stack.name,
    type: resource?.type ?? 'AWS::CloudFormation::Stack',
    physicalId,
    status,
    reason,
    time: ctx.now,
  })
}

/** Creates one resource; returns the failure reason, or undefined when it was created. */
async function createOne(
  ctx: RequestContext,
  stack: StackRecord,
  resource: TemplateResource,
  strict: boolean,
  role: Caller | undefined,
): Promise<string | undefined> {
  const name = `${stack.name}-${resource.logicalId}-${stack.id.slice(-12)}`.slice(0, 63)
  const plan: ResourcePlan = planResource(ctx, resource.type, resource.properties, name, resource.tags)
  event(stack, ctx, resource, 'CREATE_IN_PROGRESS', '')
  const invalid = propertiesFailure(resource.logicalId, resource.type, resource.properties)
  if (invalid) return invalid
  let created = await invokeForStack(ctx, plan.create, role)
  if (!created.ok && created.taggingDenied && !strict) created = await invokeForStack(ctx, plan.createUntagged, role)
  if (!created.ok) return handlerMessage(plan.create, created.error, ctx)
  const record: StackResource = {
    logicalId: resource.logicalId,
    type: resource.type,
    physicalId: plan.physicalId,
    undo: plan.undo,
  }
  stack.resources.push(record)
  if (plan.tag) {
    const tagged = await invokeForStack(ctx, plan.tag, role)
    if (!tagged.ok && strict) return handlerMessage(plan.tag, tagged.error, ctx)
  }
  event(stack, ctx, resource, 'CREATE_COMPLETE', plan.physicalId)
  return undefined
}

/** The stack's service role session, or undefined to act as the caller (throws when the role cannot be assumed). */
const roleOf = (ctx: RequestContext, stack: StackRecord) =>
  stack.roleArn ? serviceRoleCaller(ctx, stack.roleArn) : undefined

/** Deletes what the stack created, last first; returns the logical ids that could not be deleted. */
export async function deleteResources(ctx: RequestContext, stack: StackRecord): Promise<string[]> {
  const role = roleOf(ctx, stack)
  const failed: string[] = []
  for (const resource of [...stack.resources].reverse()) {
    const result = await invokeForStack(ctx, resource.undo, role)
    if (result.ok) {
      stack.resources = stack.resources.filter((r) => r !== resource)
      event(
        stack,
        ctx,
        { logicalId: resource.logicalId, type: resource.type, properties: {}, tags: {} },
        'DELETE_COMPLETE',
        resource.physicalId,
      )
    } else {
      failed.push(resource.logicalId)
    }
  }
  return failed
}

export async function provisionStack(
  ctx: RequestContext,
  stack: StackRecord,
  resources: TemplateResource[],
): Promise<void> {
  const strict = behaviourInForce(ctx, 'cloudformation:CreateStack', 'cloudformation-tagging-strict')
  event(stack, ctx, undefined, 'CREATE_IN_PROGRESS', stack.id, 'User Initiated')
  const role = roleOf(ctx, stack)
  for (const resource of resources) {
    const reason = await createOne(ctx, stack, resource, strict, role)
    if (reason === undefined) continue
    event(stack, ctx, resource, 'CREATE_FAILED', '', reason)
    const summary = `The following resource(s) failed to create: [${resource.logicalId}]. Rollback requested by user.`
    event(stack, ctx, undefined, 'ROLLBACK_IN_PROGRESS', stack.id, summary)
    const stuck = await deleteResources(ctx, stack)
    stack.status = stuck.length === 0 ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED'
    stack.statusReason = summary
    event(stack, ctx, undefined, stack.status, stack.id)
    return
  }
  stack.status = 'CREATE_COMPLETE'
  event(stack, ctx, undefined, 'CREATE_COMPLETE', stack.id)
}
