/**
 * AWS CloudFormation (awsQuery, Version 2010-05-15): stacks of the resource types the emulator
 * serves (SQS queues, SNS topics, S3 buckets, log groups, SSM parameters), each resource created
 * with the caller's permissions or the stack's service role's, and the tagging rule of September 2020 / February 2024 replayed
 * from the timeline. Stacks are provisioned during CreateStack, so DescribeStacks shows the final
 * status at once.
 */
import { requestTagContext, tagListToMap } from '../../core/tag-context.js'
import type { AuthCheck, RequestContext, ServiceDefinition } from '../../core/types.js'
import { listStackResources } from './resources.js'
import { passServiceRoleChecks } from './service-role.js'
import { createStack, deleteStack, describeStackEvents, describeStacks } from './stacks.js'

const stackResource = (ctx: RequestContext) =>
  `arn:aws:cloudformation:${ctx.region}:${ctx.caller.accountId}:stack/${String(ctx.params.StackName ?? '*').split('/')[1] ?? String(ctx.params.StackName ?? '*')}/*`

const onStack =
  (action: string, withTags = false) =>
  (ctx: RequestContext): AuthCheck[] => [
    {
      action,
      resource: stackResource(ctx),
      context: withTags ? requestTagContext(tagListToMap(ctx.params.Tags)) : {},
      reason: 'primary',
    },
  ]

/** The template's resource types, for cloudformation:ResourceTypes; undefined when it cannot be read. */
function resourceTypes(ctx: RequestContext): string[] | undefined {
  try {
    const resources = JSON.parse(String(ctx.params.TemplateBody ?? ''))?.Resources
    return resources && typeof resources === 'object'
      ? [...new Set(Object.values(resources).map((r) => String((r as { Type?: unknown })?.Type)))]
      : undefined
  } catch {
    return undefined
  }
}

/**
 * CreateStack with the condition keys the Service Authorization Reference lists for it
 * (cloudformation:RoleArn, cloudformation:TemplateUrl, cloudformation:ResourceTypes), and iam:PassRole
 * for a service role (service-role.ts).
 */
const authorizeCreateStack = (ctx: RequestContext): AuthCheck[] => {
  const [primary] = onStack('cloudformation:CreateStack', true)(ctx) as [AuthCheck]
  const string = (name: string) => (typeof ctx.params[name] === 'string' ? (ctx.params[name] as string) : undefined)
  primary.context = {
    ...primary.context,
    'cloudformation:RoleArn': string('RoleARN'),
    'cloudformation:TemplateUrl': string('TemplateURL'),
    'cloudformation:ResourceTypes': resourceTypes(ctx),
  }
  return [primary, ...passServiceRoleChecks(ctx)]
}

const service: ServiceDefinition = {
  signingName: 'cloudformation',
  iamPrefix: 'cloudformation',
  eventSource: 'cloudformation.amazonaws.com',
  protocol: 'query',
  apiVersion: '2010-05-15',
  xmlNamespace: 'http://cloudformation.amazonaws.com/doc/2010-05-15/',
  operations: {
    CreateStack: { handler: createStack, authorize: authorizeCreateStack },
    DescribeStacks: { handler: describeStacks, authorize: onStack('cloudformation:DescribeStacks') },
    DescribeStackEvents: { handler: describeStackEvents, authorize: onStack('cloudformation:DescribeStackEvents') },
    DeleteStack: { handler: deleteStack, authorize: onStack('cloudformation:DeleteStack') },
  },
  listResources: listStackResources,
}

export default service
