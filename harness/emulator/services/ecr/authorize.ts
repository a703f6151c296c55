/** Authorization checks for ECR operations (Service Authorization Reference: repository ARNs). */
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { repositoryArn, repositoryNameFromArn, repositoryStore } from './store.js'

type Context = NonNullable<AuthCheck['context']>

function nameParam(ctx: RequestContext): string {
  return typeof ctx.params.repositoryName === 'string' ? ctx.params.repositoryName : ''
}

function tagListParam(ctx: RequestContext): Array<{ Key: string; Value: string }> {
  const tags = ctx.params.tags
  return Array.isArray(tags) ? tags.filter((tag) => typeof tag?.Key === 'string') : []
}

function requestTagContext(tags: Array<{ Key: string; Value: string }>): Context {
  const context: Context = { 'aws:TagKeys': tags.map((tag) => tag.Key) }
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = String(tag.Value ?? '')
  return context
}

function resourceTagContext(ctx: RequestContext, name: string | undefined): Context {
  const repository = name === undefined ? undefined : repositoryStore(ctx).get(name)
  const context: Context = {}
  for (const tag of repository?.tags ?? []) {
    context[`aws:ResourceTag/${tag.Key}`] = tag.Value
    context[`ecr:ResourceTag/${tag.Key}`] = tag.Value
  }
  return context
}

const arnFor = (ctx: RequestContext, name: string) => repositoryArn(ctx.region, ctx.caller.accountId, name)

/** Baseline: CreateRepository with tags needs only ecr:CreateRepository (with tag context keys). */
export const authorizeCreateRepository = (ctx: RequestContext): AuthCheck[] => [
  {
    action: 'ecr:CreateRepository',
    resource: arnFor(ctx, nameParam(ctx)),
    context: requestTagContext(tagListParam(ctx)),
    reason: 'primary',
  },
]

/**
 * The extra check CreateRepository with tags needs once tag-on-create is enforced (from December 2022):
 * ecr:TagResource on the new repository's ARN. Empty without tags; the timeline decides when it applies.
 */
export function ecrTagOnCreateChecks(ctx: RequestContext): AuthCheck[] {
  const tags = tagListParam(ctx)
  if (tags.length === 0) return []
  return [
    {
      action: 'ecr:TagResource',
      resource: arnFor(ctx, nameParam(ctx)),
      context: requestTagContext(tags),
      reason: 'tag-on-create',
    },
  ]
}

export const authorizeDeleteRepository = (ctx: RequestContext): AuthCheck[] => [
  {
    action: 'ecr:DeleteRepository',
    resource: arnFor(ctx, nameParam(ctx)),
    context: resourceTagContext(ctx, nameParam(ctx)),
    reason: 'primary',
  },
]

/** One check per named repository; listing all checks the account's `repository/*`. */
export const authorizeDescribeRepositories = (ctx: RequestContext): AuthCheck[] => {
  const names = Array.isArray(ctx.params.repositoryNames) ? ctx.params.repositoryNames.map(String) : []
  if (names.length === 0) return [{ action: 'ecr:DescribeRepositories', resource: arnFor(ctx, '*'), reason: 'primary' }]
  return names.map((name) => ({
    action: 'ecr:DescribeRepositories',
    resource: arnFor(ctx, name),
    context: resourceTagContext(ctx, name),
    reason: 'primary',
  }))
}

function byResourceArn(action: string, extra?: (ctx: RequestContext) => Context) {
  return (ctx: RequestContext): AuthCheck[] => {
    const arn = typeof ctx.params.resourceArn === 'string' ? ctx.params.resourceArn : '*'
    const context = { ...resourceTagContext(ctx, repositoryNameFromArn(arn)), ...extra?.(ctx) }
    return [{ action, resource: arn, context, reason: 'primary' }]
  }
}

export const authorizeTagResource = byResourceArn('ecr:TagResource', (ctx) => requestTagContext(tagListParam(ctx)))
export const authorizeUntagResource = byResourceArn('ecr:UntagResource', (ctx) => ({
  'aws:TagKeys': Array.isArray(ctx.params.tagKeys) ? ctx.params.tagKeys.map(String) : [],
}))
export const authorizeListTagsForResource = byResourceArn('ecr:ListTagsForResource')
