/** SQS state: queues per account and region, names of recently deleted queues, and AWS's URL/ARN formats. */
import type { RequestContext } from '../../core/types.js'

export interface QueueRecord {
  name: string
  attributes: Record<string, string>
  tags: Record<string, string>
  createdAt: Date
  lastModifiedAt: Date
}

export interface SqsRegionStore {
  queues: Map<string, QueueRecord>
  /** Queue name → when it was deleted (a new queue of that name must wait 60 s). */
  deletedAt: Map<string, Date>
}

export function sqsStore(ctx: RequestContext): SqsRegionStore {
  return ctx.state.regionStore('sqs', ctx.caller.accountId, ctx.region, () => ({
    queues: new Map<string, QueueRecord>(),
    deletedAt: new Map<string, Date>(),
  }))
}

/** The URL AWS answers CreateQueue/GetQueueUrl with (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-queue-message-identifiers.html). */
export function queueUrl(region: string, accountId: string, name: string): string {
  return `https://sqs.${region}.amazonaws.com/${accountId}/${name}`
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`
}

/** Account and name from any queue URL (host ignored: clients may address the emulator's endpoint). */
export function parseQueueUrl(url: string): { accountId: string; name: string } | undefined {
  const match = /^(?:[a-z]+:\/\/[^/]+)?\/(\d{12})\/([^/?#]+)\/?$/.exec(url)
  return match ? { accountId: match[1]!, name: match[2]! } : undefined
}
