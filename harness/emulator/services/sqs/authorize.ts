/**
 * Authorization for SQS (Service Authorization Reference, Amazon SQS: `queue` resources
 * `arn:aws:sqs:<region>:<account>:<name>`; ListQueues has no resource). CreateQueue with tags also
 * needs sqs:TagQueue: "To be able to tag a queue on creation, you must have the sqs:CreateQueue and
 * sqs:TagQueue permissions" (CreateQueue API reference, `tags`:
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html;
 * seen in MassTransit/MassTransit issue 3806).
 */
import { requestTagContext, resourceTagContext } from '../../core/tag-context.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { parseQueueUrl, queueArn, sqsStore } from './store.js'

function tagMap(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {}
}

function queueNameOf(ctx: RequestContext): string {
  if (typeof ctx.params.QueueName === 'string') return ctx.params.QueueName
  return typeof ctx.params.QueueUrl === 'string' ? (parseQueueUrl(ctx.params.QueueUrl)?.name ?? '') : ''
}

function arnOf(ctx: RequestContext): string {
  return queueArn(ctx.region, ctx.caller.accountId, queueNameOf(ctx))
}

export function authorizeCreateQueue(ctx: RequestContext): AuthCheck[] {
  const tags = tagMap(ctx.params.tags)
  const context = requestTagContext(tags)
  const checks: AuthCheck[] = [{ action: 'sqs:CreateQueue', resource: arnOf(ctx), context, reason: 'primary' }]
  if (Object.keys(tags).length > 0) {
    checks.push({ action: 'sqs:TagQueue', resource: arnOf(ctx), context, reason: 'tag-on-create' })
  }
  return checks
}

export function onQueue(action: string, extra?: (ctx: RequestContext) => AuthCheck['context']) {
  return (ctx: RequestContext): AuthCheck[] => {
    const existing = sqsStore(ctx).queues.get(queueNameOf(ctx))
    const context = { ...resourceTagContext(existing?.tags), ...extra?.(ctx) }
    return [{ action, resource: arnOf(ctx), context, reason: 'primary' }]
  }
}

export const authorizeListQueues = (): AuthCheck[] => [{ action: 'sqs:ListQueues', resource: '*', reason: 'primary' }]
export const authorizeTagQueue = onQueue('sqs:TagQueue', (ctx) => requestTagContext(tagMap(ctx.params.Tags)))
export const authorizeUntagQueue = onQueue('sqs:UntagQueue', (ctx) => ({
  'aws:TagKeys': Array.isArray(ctx.params.TagKeys) ? ctx.params.TagKeys.map(String) : [],
}))
