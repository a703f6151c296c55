/**
 * Authorization for SNS (Service Authorization Reference, Amazon SNS: `topic` resources
 * `arn:aws:sns:<region>:<account>:<name>`; ListTopics has none). CreateTopic with tags also needs
 * sns:TagResource: "To be able to tag a topic on creation, you must have the sns:CreateTopic and
 * sns:TagResource permissions" (CreateTopic `Tags` documentation in the SNS API model, shipped in
 * @aws-sdk/client-sns; https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html).
 */
import { requestTagContext, resourceTagContext, tagListToMap } from '../../core/tag-context.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { topicArn, topicNameFromArn, topicStore } from './store.js'

export function authorizeCreateTopic(ctx: RequestContext): AuthCheck[] {
  const resource = topicArn(ctx.region, ctx.caller.accountId, String(ctx.params.Name ?? ''))
  const tags = tagListToMap(ctx.params.Tags)
  const context = requestTagContext(tags)
  const checks: AuthCheck[] = [{ action: 'sns:CreateTopic', resource, context, reason: 'primary' }]
  if (Object.keys(tags).length > 0)
    checks.push({ action: 'sns:TagResource', resource, context, reason: 'tag-on-create' })
  return checks
}

export function onTopic(
  action: string,
  member: 'TopicArn' | 'ResourceArn',
  extra?: (ctx: RequestContext) => AuthCheck['context'],
) {
  return (ctx: RequestContext): AuthCheck[] => {
    const arn = typeof ctx.params[member] === 'string' ? (ctx.params[member] as string) : '*'
    const parsed = topicNameFromArn(arn)
    const topic = parsed && parsed.accountId === ctx.caller.accountId ? topicStore(ctx).get(parsed.name) : undefined
    return [
      { action, resource: arn, context: { ...resourceTagContext(topic?.tags), ...extra?.(ctx) }, reason: 'primary' },
    ]
  }
}

export const authorizeListTopics = (): AuthCheck[] => [{ action: 'sns:ListTopics', resource: '*', reason: 'primary' }]
export const authorizeTagResource = onTopic('sns:TagResource', 'ResourceArn', (ctx) =>
  requestTagContext(tagListToMap(ctx.params.Tags)),
)
export const authorizeUntagResource = onTopic('sns:UntagResource', 'ResourceArn', (ctx) => ({
  'aws:TagKeys': Array.isArray(ctx.params.TagKeys) ? ctx.params.TagKeys.map(String) : [],
}))
