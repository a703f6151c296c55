/** SNS state: topics per account and region, and the topic ARN format. */
import type { RequestContext } from '../../core/types.js'

export interface TopicRecord {
  name: string
  attributes: Record<string, string>
  tags: Record<string, string>
  createdAt: Date
}

export type TopicStore = Map<string, TopicRecord>

export function topicStore(ctx: RequestContext): TopicStore {
  return ctx.state.regionStore('sns', ctx.caller.accountId, ctx.region, () => new Map<string, TopicRecord>())
}

export function topicArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sns:${region}:${accountId}:${name}`
}

export function topicNameFromArn(arn: unknown): { accountId: string; name: string } | undefined {
  const match = typeof arn === 'string' ? /^arn:aws[\w-]*:sns:[\w-]+:(\d{12}):([^:]+)$/.exec(arn) : null
  return match ? { accountId: match[1]!, name: match[2]! } : undefined
}
