/**
 * Authorization for the account's parameters (Service Authorization Reference, Systems Manager:
 * `parameter` resources `arn:aws:ssm:<region>:<account>:parameter/<name without leading slash>`).
 * PutParameter with Tags also needs ssm:AddTagsToResource on the parameter, as AWS answers
 * "not authorized to perform: ssm:AddTagsToResource on resource: arn:aws:ssm:…:parameter/…"
 * (pepperize/cdk-ssm-parameters-cross-region issue 442, 2024; hashicorp/terraform-provider-aws
 * issue 17819, 2021): enforced since before both reports, so it is baseline, not timeline.
 */
import { requestTagContext, resourceTagContext, tagListToMap } from '../../core/tag-context.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { parameterArn, parameterPath } from './public-parameters.js'
import { parameterStore } from './store.js'

function nameParam(ctx: RequestContext, member = 'Name'): string {
  const value = ctx.params[member]
  return typeof value === 'string' ? parameterPath(value) : ''
}

function arnOf(ctx: RequestContext, name: string): string {
  return parameterArn(ctx.region, ctx.caller.accountId, name)
}

function existingTags(ctx: RequestContext, name: string) {
  return resourceTagContext(parameterStore(ctx).get(name)?.tags)
}

export function authorizePutParameter(ctx: RequestContext): AuthCheck[] {
  const name = nameParam(ctx)
  const tags = tagListToMap(ctx.params.Tags)
  const context = { ...existingTags(ctx, name), ...requestTagContext(tags) }
  const checks: AuthCheck[] = [{ action: 'ssm:PutParameter', resource: arnOf(ctx, name), context, reason: 'primary' }]
  if (Object.keys(tags).length > 0) {
    checks.push({ action: 'ssm:AddTagsToResource', resource: arnOf(ctx, name), context, reason: 'tag-on-create' })
  }
  return checks
}

function onParameter(action: string, member = 'Name', extra?: (ctx: RequestContext) => AuthCheck['context']) {
  return (ctx: RequestContext): AuthCheck[] => {
    const name = nameParam(ctx, member)
    const context = { ...existingTags(ctx, name), ...extra?.(ctx) }
    return [{ action, resource: arnOf(ctx, name), context, reason: 'primary' }]
  }
}

export const authorizeDeleteParameter = onParameter('ssm:DeleteParameter')
export const authorizeAddTagsToResource = onParameter('ssm:AddTagsToResource', 'ResourceId', (ctx) =>
  requestTagContext(tagListToMap(ctx.params.Tags)),
)
export const authorizeRemoveTagsFromResource = onParameter('ssm:RemoveTagsFromResource', 'ResourceId', (ctx) => ({
  'aws:TagKeys': Array.isArray(ctx.params.TagKeys) ? ctx.params.TagKeys.map(String) : [],
}))
export const authorizeListTagsForResource = onParameter('ssm:ListTagsForResource', 'ResourceId')
