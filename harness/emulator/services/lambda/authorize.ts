/**
 * Authorization for Lambda (Service Authorization Reference, AWS Lambda: `function` resources).
 * CreateFunction passes the execution role, so it also needs iam:PassRole on that role
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html), and with Tags it
 * needs lambda:TagResource ("Permissions required for working with tags",
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html; seen as "not authorized to perform:
 * lambda:TagResource on resource: arn:aws:lambda:…:function:… (Service: Lambda, Status Code: 403" in
 * aws-samples/pcluster-manager issue 196).
 */
import { requestTagContext, resourceTagContext } from '../../core/tag-context.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { functionArn, functionNameOf, functionStore } from './store.js'

function tagMap(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {}
}

export function authorizeCreateFunction(ctx: RequestContext): AuthCheck[] {
  const resource = functionArn(ctx.region, ctx.caller.accountId, functionNameOf(ctx.params.FunctionName))
  const tags = tagMap(ctx.params.Tags)
  const context = requestTagContext(tags)
  const checks: AuthCheck[] = [{ action: 'lambda:CreateFunction', resource, context, reason: 'primary' }]
  if (typeof ctx.params.Role === 'string') {
    checks.push({
      action: 'iam:PassRole',
      resource: ctx.params.Role,
      context: { 'iam:PassedToService': 'lambda.amazonaws.com' },
      reason: 'pass-role',
    })
  }
  if (Object.keys(tags).length > 0)
    checks.push({ action: 'lambda:TagResource', resource, context, reason: 'tag-on-create' })
  return checks
}

export function onFunction(action: string, member: string, extra?: (ctx: RequestContext) => AuthCheck['context']) {
  return (ctx: RequestContext): AuthCheck[] => {
    const name = functionNameOf(ctx.params[member])
    const context = { ...resourceTagContext(functionStore(ctx).get(name)?.tags), ...extra?.(ctx) }
    return [{ action, resource: functionArn(ctx.region, ctx.caller.accountId, name), context, reason: 'primary' }]
  }
}

export const authorizeListFunctions = (): AuthCheck[] => [
  { action: 'lambda:ListFunctions', resource: '*', reason: 'primary' },
]
export const authorizeTagResource = onFunction('lambda:TagResource', 'Resource', (ctx) =>
  requestTagContext(tagMap(ctx.params.Tags)),
)
