/**
 * Authorization checks for CloudWatch Logs operations (Service Authorization Reference).
 * Name-based operations are checked against `…:log-group:<name>:log-stream:` as AWS's denials show;
 * ARN-based tagging operations against the ARN the caller passed.
 */
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { logGroupAuthArn, logGroupNameFromArn, logGroupStore } from './store.js'

type Context = NonNullable<AuthCheck['context']>

function nameParam(ctx: RequestContext): string {
  return typeof ctx.params.logGroupName === 'string' ? ctx.params.logGroupName : ''
}

function tagMapParam(ctx: RequestContext): Record<string, string> {
  const tags = ctx.params.tags
  return tags && typeof tags === 'object' && !Array.isArray(tags) ? (tags as Record<string, string>) : {}
}

/** aws:RequestTag/<key> per tag plus aws:TagKeys. */
export function requestTagContext(tags: Record<string, string>): Context {
  const context: Context = { 'aws:TagKeys': Object.keys(tags) }
  for (const [key, value] of Object.entries(tags)) context[`aws:RequestTag/${key}`] = String(value)
  return context
}

function resourceTagContext(ctx: RequestContext, name: string): Context {
  const group = logGroupStore(ctx).get(name)
  const context: Context = {}
  for (const [key, value] of Object.entries(group?.tags ?? {})) context[`aws:ResourceTag/${key}`] = value
  return context
}

function byName(action: string, extra?: (ctx: RequestContext) => Context) {
  return (ctx: RequestContext): AuthCheck[] => {
    const name = nameParam(ctx)
    const resource = logGroupAuthArn(ctx.region, ctx.caller.accountId, name)
    return [{ action, resource, context: { ...resourceTagContext(ctx, name), ...extra?.(ctx) }, reason: 'primary' }]
  }
}

function byArn(action: string, extra?: (ctx: RequestContext) => Context) {
  return (ctx: RequestContext): AuthCheck[] => {
    const arn = typeof ctx.params.resourceArn === 'string' ? ctx.params.resourceArn.replace(/:\*$/, '') : '*'
    const name = logGroupNameFromArn(arn)
    const context = { ...(name === undefined ? {} : resourceTagContext(ctx, name)), ...extra?.(ctx) }
    return [{ action, resource: arn, context, reason: 'primary' }]
  }
}

/** The pre-2022 baseline: tags on CreateLogGroup need only logs:CreateLogGroup (with the tag context keys). */
export const authorizeCreateLogGroup = (ctx: RequestContext): AuthCheck[] => [
  {
    action: 'logs:CreateLogGroup',
    resource: logGroupAuthArn(ctx.region, ctx.caller.accountId, nameParam(ctx)),
    context: requestTagContext(tagMapParam(ctx)),
    reason: 'primary',
  },
]

/**
 * The extra checks CreateLogGroup with tags needs once tag-on-create is enforced. They are
 * ALTERNATIVES: AWS documents "you must have either the logs:TagResource or logs:TagLogGroup
 * permission", so the request passes when EITHER check is allowed. Empty when no tags are given.
 * The timeline (authz) decides when these apply; this module only says what they are.
 * `checks` are the request's checks so far: the logs:CreateLogGroup check among them names the same
 * resource and tag context, and sharing its context object lets the evaluator build the request
 * context once for all three checks (check-evaluator.ts merges per context object).
 */
export function logsTagOnCreateChecks(ctx: RequestContext, checks: readonly AuthCheck[] = []): AuthCheck[] {
  const tags = tagMapParam(ctx)
  if (Object.keys(tags).length === 0) return []
  const create = checks.find((check) => check.action === 'logs:CreateLogGroup' && check.reason === 'primary')
  const resource = create?.resource ?? logGroupAuthArn(ctx.region, ctx.caller.accountId, nameParam(ctx))
  const context = create?.context ?? requestTagContext(tags)
  return [
    { action: 'logs:TagResource', resource, context, reason: 'tag-on-create' },
    { action: 'logs:TagLogGroup', resource, context, reason: 'tag-on-create' },
  ]
}

export const authorizeDeleteLogGroup = byName('logs:DeleteLogGroup')
export const authorizePutRetentionPolicy = byName('logs:PutRetentionPolicy')
export const authorizeDeleteRetentionPolicy = byName('logs:DeleteRetentionPolicy')
/** DescribeLogGroups has no resource-level permissions; AWS names the account's empty log-group ARN. */
export const authorizeDescribeLogGroups = (ctx: RequestContext): AuthCheck[] => [
  {
    action: 'logs:DescribeLogGroups',
    resource: logGroupAuthArn(ctx.region, ctx.caller.accountId, ''),
    reason: 'primary',
  },
]
export const authorizeTagLogGroup = byName('logs:TagLogGroup', (ctx) => requestTagContext(tagMapParam(ctx)))
export const authorizeUntagLogGroup = byName('logs:UntagLogGroup', (ctx) => ({
  'aws:TagKeys': Array.isArray(ctx.params.tags) ? ctx.params.tags.map(String) : [],
}))
export const authorizeListTagsLogGroup = byName('logs:ListTagsLogGroup')
export const authorizeTagResource = byArn('logs:TagResource', (ctx) => requestTagContext(tagMapParam(ctx)))
export const authorizeUntagResource = byArn('logs:UntagResource', (ctx) => ({
  'aws:TagKeys': Array.isArray(ctx.params.tagKeys) ? ctx.params.tagKeys.map(String) : [],
}))
export const authorizeListTagsForResource = byArn('logs:ListTagsForResource')
