/**
 * CreateQueue, SetQueueAttributes, GetQueueUrl, GetQueueAttributes, ListQueues, DeleteQueue. Rules and texts from the
 * SQS API reference (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html):
 * names 1–80 of alphanumerics, hyphens and underscores, `.fifo` for FIFO queues; an existing name
 * with different attributes is QueueNameExists; "After you delete a queue, you must wait at least 60
 * seconds before creating a queue with the same name" (API_DeleteQueue.html) is QueueDeletedRecently.
 */
import { AwsError } from '../../core/errors.js'
import { decodePageToken, encodePageToken } from '../../core/page-token.js'
import {
  missingParameterError,
  optionalInteger,
  optionalString,
  optionalStringList,
  optionalStringMap,
  requireString,
} from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { parseQueueUrl, type QueueRecord, queueArn, queueUrl, sqsStore } from './store.js'
import { assertAttributeValues, assertTagKeys, invalidAttributeValue, JSON_ATTRIBUTES } from './validation.js'

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/
const DELETE_WAIT_MS = 60_000

/** Defaults GetQueueAttributes shows (API_SetQueueAttributes.html; MaximumMessageSize 1 MiB since August 2025). */
const DEFAULT_ATTRIBUTES: Readonly<Record<string, string>> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
}

const SETTABLE = new Set([
  ...Object.keys(DEFAULT_ATTRIBUTES),
  'Policy',
  'RedrivePolicy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'FifoQueue',
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'FifoThroughputLimit',
])

export function queueDoesNotExist(): AwsError {
  return new AwsError('QueueDoesNotExist', 'The specified queue does not exist.')
}

function invalidName(): AwsError {
  return new AwsError(
    'InvalidParameterValue',
    'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
  )
}

function readQueueName(ctx: RequestContext, fifo: boolean): string {
  const name = requireString(ctx, 'QueueName')
  const base = fifo ? name.replace(/\.fifo$/, '') : name
  if (!QUEUE_NAME.test(base) || name.length > 80) throw invalidName()
  if (fifo !== name.endsWith('.fifo')) {
    throw new AwsError(
      'InvalidParameterValue',
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    )
  }
  return name
}

const unknownAttribute = (name: string) => new AwsError('InvalidAttributeName', `Unknown Attribute ${name}.`)

/** Names first (InvalidAttributeName), then values (InvalidAttributeValue). */
function checkAttributes(given: Record<string, string>, now: Date): Record<string, string> {
  for (const name of Object.keys(given)) {
    if (!SETTABLE.has(name)) throw unknownAttribute(name)
  }
  assertAttributeValues(given, now)
  return given
}

/** The queue a QueueUrl names, in the caller's account and region. */
export function queueFromUrl(ctx: RequestContext): QueueRecord {
  const url = requireString(ctx, 'QueueUrl')
  const parsed = parseQueueUrl(url)
  if (!parsed || parsed.accountId !== ctx.caller.accountId) throw queueDoesNotExist()
  const queue = sqsStore(ctx).queues.get(parsed.name)
  if (!queue) throw queueDoesNotExist()
  return queue
}

export function createQueue(ctx: RequestContext): { QueueUrl: string } {
  const attributes = checkAttributes(optionalStringMap(ctx, 'Attributes') ?? {}, ctx.now)
  const name = readQueueName(ctx, attributes.FifoQueue === 'true')
  const tags = optionalStringMap(ctx, 'tags') ?? {}
  assertTagKeys(tags)
  const store = sqsStore(ctx)
  const url = queueUrl(ctx.region, ctx.caller.accountId, name)
  const existing = store.queues.get(name)
  if (existing) {
    const differing = Object.keys(attributes).filter((key) => existing.attributes[key] !== attributes[key])
    if (differing.length > 0) {
      throw new AwsError(
        'QueueNameExists',
        `A queue already exists with the same name and a different value for attribute ${differing[0]}`,
      )
    }
    return { QueueUrl: url }
  }
  const deletedAt = store.deletedAt.get(name)
  if (deletedAt && ctx.now.getTime() - deletedAt.getTime() < ctx.state.clock.scaled(DELETE_WAIT_MS)) {
    throw new AwsError(
      'QueueDeletedRecently',
      'You must wait 60 seconds after deleting a queue before you can create another with the same name.',
    )
  }
  store.queues.set(name, {
    name,
    attributes: { ...DEFAULT_ATTRIBUTES, ...attributes },
    tags,
    createdAt: ctx.now,
    lastModifiedAt: ctx.now,
  })
  return { QueueUrl: url }
}

/**
 * SetQueueAttributes: the CreateQueue values, an empty JSON attribute removes it, and the queue type
 * stays: FifoQueue is unknown on a standard queue and may only repeat `true` on a FIFO queue.
 */
export function setQueueAttributes(ctx: RequestContext): Record<string, never> {
  const queue = queueFromUrl(ctx)
  const attributes = optionalStringMap(ctx, 'Attributes')
  if (attributes === undefined) throw missingParameterError(ctx, 'Attributes')
  const fifo = queue.attributes.FifoQueue === 'true'
  if (!fifo && 'FifoQueue' in attributes) throw unknownAttribute('FifoQueue')
  const given = checkAttributes(attributes, ctx.now)
  if (fifo && given.FifoQueue !== undefined && given.FifoQueue !== 'true') {
    throw invalidAttributeValue('FifoQueue', 'Modifying queue type is not supported.')
  }
  for (const [name, value] of Object.entries(given)) {
    if (JSON_ATTRIBUTES.has(name) && value === '') delete queue.attributes[name]
    else queue.attributes[name] = value
  }
  queue.lastModifiedAt = ctx.now
  return {}
}

export function getQueueUrl(ctx: RequestContext): { QueueUrl: string } {
  const name = requireString(ctx, 'QueueName')
  const owner = optionalString(ctx, 'QueueOwnerAWSAccountId') ?? ctx.caller.accountId
  if (owner !== ctx.caller.accountId || !sqsStore(ctx).queues.has(name)) throw queueDoesNotExist()
  return { QueueUrl: queueUrl(ctx.region, owner, name) }
}

export function getQueueAttributes(ctx: RequestContext): { Attributes?: Record<string, string> } {
  const queue = queueFromUrl(ctx)
  const names = optionalStringList(ctx, 'AttributeNames')
  const all: Record<string, string> = {
    ...queue.attributes,
    QueueArn: queueArn(ctx.region, ctx.caller.accountId, queue.name),
    ApproximateNumberOfMessages: '0',
    ApproximateNumberOfMessagesNotVisible: '0',
    ApproximateNumberOfMessagesDelayed: '0',
    CreatedTimestamp: String(Math.floor(queue.createdAt.getTime() / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt.getTime() / 1000)),
  }
  const wanted = names.includes('All') ? Object.keys(all) : names
  for (const name of wanted) {
    if (!(name in all) && !SETTABLE.has(name)) throw new AwsError('InvalidAttributeName', `Unknown Attribute ${name}.`)
  }
  const picked = Object.fromEntries(wanted.filter((name) => name in all).map((name) => [name, all[name]!]))
  return Object.keys(picked).length > 0 ? { Attributes: picked } : {}
}

/** A NextToken SQS did not issue (FACTS.md: SQS). */
const invalidNextToken = () => new AwsError('InvalidParameterValue', 'Invalid NextToken value.')

export function listQueues(ctx: RequestContext): { QueueUrls?: string[]; NextToken?: string } {
  const prefix = optionalString(ctx, 'QueueNamePrefix') ?? ''
  const max = optionalInteger(ctx, 'MaxResults', { min: 1, max: 1000 }) ?? 1000
  const token = optionalString(ctx, 'NextToken')
  const after = token === undefined ? undefined : decodePageToken(token, 'sqs-queues', invalidNextToken)
  const names = [...sqsStore(ctx).queues.keys()]
    .filter((name) => name.startsWith(prefix) && (after === undefined || name > after))
    .sort()
  const page = names.slice(0, max)
  if (page.length === 0) return {}
  const urls = page.map((name) => queueUrl(ctx.region, ctx.caller.accountId, name))
  return names.length > max
    ? { QueueUrls: urls, NextToken: encodePageToken('sqs-queues', page.at(-1)!) }
    : { QueueUrls: urls }
}

export function deleteQueue(ctx: RequestContext): Record<string, never> {
  const queue = queueFromUrl(ctx)
  const store = sqsStore(ctx)
  store.queues.delete(queue.name)
  store.deletedAt.set(queue.name, ctx.now)
  return {}
}
