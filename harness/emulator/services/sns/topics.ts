/**
 * CreateTopic, GetTopicAttributes, ListTopics, DeleteTopic (SNS API reference,
 * https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html): names of up to 256 alphanumerics,
 * hyphens and underscores (`.fifo` for FIFO topics); CreateTopic returns the existing ARN for a
 * topic of that name; "Deleting a topic that doesn't exist doesn't result in an error"
 * (API_DeleteTopic.html). Error codes and statuses are the awsQueryError traits of the SNS model.
 */
import { AwsError } from '../../core/errors.js'
import { decodePageToken, encodePageToken } from '../../core/page-token.js'
import { optionalString, requireString } from '../../core/params.js'
import { tagListToMap } from '../../core/tag-context.js'
import type { RequestContext } from '../../core/types.js'
import { XmlMap } from '../../protocols/xml.js'
import { type TopicRecord, topicArn, topicNameFromArn, topicStore } from './store.js'

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/
const PAGE = 100

export function invalidParameter(what: string): AwsError {
  return new AwsError('InvalidParameter', `Invalid parameter: ${what}`)
}

/** `aws:` in any letter case is AWS's (Tag Editor user guide, "Tag naming limits and requirements"). */
export function assertTagKeys(tags: Record<string, string>): void {
  const reserved = Object.keys(tags).find((key) => key.toLowerCase().startsWith('aws:'))
  if (reserved !== undefined) {
    throw invalidParameter(`Tags Reason: Tag keys beginning with 'aws:' are reserved for AWS use: ${reserved}`)
  }
}

export function topicNotFound(): AwsError {
  return new AwsError('NotFound', 'Topic does not exist', { status: 404 })
}

/** `Attributes.entry.N.key/value` → a map. */
function readAttributes(ctx: RequestContext): Record<string, string> {
  const entries = (ctx.params.Attributes as { entry?: Array<{ key?: string; value?: string }> } | undefined)?.entry
  const map: Record<string, string> = {}
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (typeof entry?.key === 'string') map[entry.key] = String(entry.value ?? '')
  }
  return map
}

export function createTopic(ctx: RequestContext): { TopicArn: string } {
  const name = requireString(ctx, 'Name')
  const attributes = readAttributes(ctx)
  const fifo = attributes.FifoTopic === 'true'
  const base = fifo ? name.replace(/\.fifo$/, '') : name
  if (!TOPIC_NAME.test(base) || name.length > 256 || fifo !== name.endsWith('.fifo'))
    throw invalidParameter('Topic Name')
  const tags = tagListToMap(ctx.params.Tags)
  assertTagKeys(tags)
  const store = topicStore(ctx)
  const arn = topicArn(ctx.region, ctx.caller.accountId, name)
  const existing = store.get(name)
  if (existing) {
    const sameTags =
      JSON.stringify(Object.entries(tags).sort()) === JSON.stringify(Object.entries(existing.tags).sort())
    if (Object.keys(tags).length > 0 && !sameTags) {
      throw invalidParameter('Tags Reason: Topic already exists with different tags')
    }
    return { TopicArn: arn }
  }
  store.set(name, { name, attributes, tags, createdAt: ctx.now })
  return { TopicArn: arn }
}

/** The topic a TopicArn/ResourceArn names in the caller's account and region. */
export function topicFromArn(
  ctx: RequestContext,
  member: string,
  notFound: () => AwsError = topicNotFound,
): TopicRecord {
  const arn = requireString(ctx, member)
  const parsed = topicNameFromArn(arn)
  if (!parsed)
    throw invalidParameter(`${member} Reason: An ARN must have at least 6 elements, not ${arn.split(':').length}`)
  const topic = parsed.accountId === ctx.caller.accountId ? topicStore(ctx).get(parsed.name) : undefined
  if (!topic) throw notFound()
  return topic
}

function defaultPolicy(arn: string, accountId: string): string {
  return JSON.stringify({
    Version: '2008-10-17',
    Id: '__default_policy_ID',
    Statement: [
      {
        Sid: '__default_statement_ID',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: [
          'SNS:GetTopicAttributes',
          'SNS:SetTopicAttributes',
          'SNS:AddPermission',
          'SNS:RemovePermission',
          'SNS:DeleteTopic',
          'SNS:Subscribe',
          'SNS:ListSubscriptionsByTopic',
          'SNS:Publish',
        ],
        Resource: arn,
        Condition: { StringEquals: { 'AWS:SourceOwner': accountId } },
      },
    ],
  })
}

export function getTopicAttributes(ctx: RequestContext): { Attributes: XmlMap } {
  const topic = topicFromArn(ctx, 'TopicArn')
  const arn = topicArn(ctx.region, ctx.caller.accountId, topic.name)
  return {
    Attributes: new XmlMap({
      TopicArn: arn,
      Owner: ctx.caller.accountId,
      Policy: defaultPolicy(arn, ctx.caller.accountId),
      DisplayName: '',
      SubscriptionsConfirmed: '0',
      SubscriptionsPending: '0',
      SubscriptionsDeleted: '0',
      ...topic.attributes,
    }),
  }
}

export function listTopics(ctx: RequestContext): { Topics: Array<{ TopicArn: string }>; NextToken?: string } {
  const token = optionalString(ctx, 'NextToken')
  const after =
    token === undefined ? undefined : decodePageToken(token, 'sns-topics', () => invalidParameter('NextToken'))
  const names = [...topicStore(ctx).keys()].filter((name) => after === undefined || name > after).sort()
  const page = names.slice(0, PAGE)
  const Topics = page.map((name) => ({ TopicArn: topicArn(ctx.region, ctx.caller.accountId, name) }))
  return names.length > PAGE ? { Topics, NextToken: encodePageToken('sns-topics', page.at(-1)!) } : { Topics }
}

export function deleteTopic(ctx: RequestContext): undefined {
  const parsed = topicNameFromArn(requireString(ctx, 'TopicArn'))
  if (parsed && parsed.accountId === ctx.caller.accountId) topicStore(ctx).delete(parsed.name)
  return undefined
}
