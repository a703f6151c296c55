/**
 * LookupEvents over the calls recorded in the caller's account and region, newest first. An event is
 * returned only once delivered (its visibleAt, the call's time plus Durations.cloudTrailDeliveryMs).
 */
import { AwsError } from '../../core/errors.js'
import { takeRequestToken } from '../../core/rate-bucket.js'
import type { CloudTrailEventRecord } from '../../core/state.js'
import type { RequestContext } from '../../core/types.js'
import { assertJsonNumber } from '../../core/wire-types.js'
import { cloudTrailEventJson } from './cloudtrail-event.js'
import { readLookupAttributes } from './lookup-attributes.js'

const MAX_RESULTS = 50

function readTime(value: unknown, member: string): Date | undefined {
  if (value === undefined || value === null) return undefined
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(String(value))
  if (Number.isNaN(date.getTime())) throw new AwsError('InvalidTimeRangeException', `Invalid ${member}.`)
  return date
}

function readMaxResults(value: unknown): number {
  if (value === undefined || value === null) return MAX_RESULTS
  assertJsonNumber(value)
  const max = Number(value)
  if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
    throw new AwsError('InvalidMaxResultsException', 'Value for MaxResults must be between 1 and 50.')
  }
  return max
}

/**
 * Tokens name the sequence number (audit-window.ts) to continue below, so new events never shift a
 * page; a token whose events have since left the emulator's audit window continues from nothing older.
 */
function readNextToken(value: unknown, end: number): number {
  if (value === undefined || value === null) return end
  const decoded = Buffer.from(String(value), 'base64url').toString('utf8')
  const sequence = Number(decoded.startsWith('ct:') ? decoded.slice(3) : Number.NaN)
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > end) {
    throw new AwsError('InvalidNextTokenException', 'Invalid NextToken.')
  }
  return sequence
}

function eventItem(event: CloudTrailEventRecord) {
  return {
    EventId: event.eventId,
    EventName: event.eventName,
    ReadOnly: String(event.readOnly),
    AccessKeyId: event.accessKeyId,
    EventTime: event.eventTime,
    EventSource: event.eventSource,
    Username: event.username,
    Resources: event.resources.map((resource) => ({ ...resource })),
    CloudTrailEvent: cloudTrailEventJson(event),
  }
}

function visiblePredicate(ctx: RequestContext): (event: CloudTrailEventRecord) => boolean {
  const matches = readLookupAttributes(ctx.params.LookupAttributes)
  const start = readTime(ctx.params.StartTime, 'StartTime')
  const end = readTime(ctx.params.EndTime, 'EndTime')
  if (start && end && start.getTime() > end.getTime()) {
    throw new AwsError('InvalidTimeRangeException', 'Start time must be before end time.')
  }
  return (event) =>
    event.accountId === ctx.caller.accountId &&
    event.awsRegion === ctx.region &&
    event.visibleAt.getTime() <= ctx.now.getTime() &&
    (!start || event.eventTime.getTime() >= start.getTime()) &&
    (!end || event.eventTime.getTime() <= end.getTime()) &&
    matches(event)
}

/**
 * "LookupEvents is limited to 2 requests per second, per account, per region" (CloudTrail UG,
 * view-cloudtrail-events; aws-facts §9-§10); beyond it CloudTrail answers ThrottlingException (HTTP 429,
 * faults/fault-errors.ts).
 */
const LOOKUPS_PER_SECOND = 2

export function lookupEvents(ctx: RequestContext) {
  if (
    !takeRequestToken(ctx.state, ctx.caller.accountId, `cloudtrail-lookup@${ctx.region}`, LOOKUPS_PER_SECOND, ctx.now)
  )
    throw new AwsError('ThrottlingException', 'Rate exceeded', { status: 429 })
  const visible = visiblePredicate(ctx)
  const max = readMaxResults(ctx.params.MaxResults)
  const { entries: log, dropped, end } = ctx.state.cloudTrailLog
  const events: CloudTrailEventRecord[] = []
  let index = Math.max(0, readNextToken(ctx.params.NextToken, end) - dropped) - 1
  for (; index >= 0 && events.length < max; index--) {
    if (visible(log[index]!)) events.push(log[index]!)
  }
  const more = log.slice(0, index + 1).some(visible)
  return {
    Events: events.map(eventItem),
    ...(more ? { NextToken: Buffer.from(`ct:${dropped + index + 1}`).toString('base64url') } : {}),
  }
}
