/**
 * CloudTrail records of failed calls → the same DeniedDetails a run's step gets, plus what only the record
 * says: the operation, the region, and the AWS service that made the call on the principal's behalf
 * (`userIdentity.invokedBy`, seed 001's EMR). Pure; the record shape is CloudTrail's (aws-facts §10).
 */
import { parseDenialMessage } from './parse-denial.js'
import { redactSecrets } from './redact.js'
import type { DeniedDetails } from './types.js'

/** The fields of a CloudTrail record harness reads. Anything may be missing in a hand-edited file. */
export interface CloudTrailRecord {
  eventTime?: string
  eventSource?: string
  eventName?: string
  awsRegion?: string
  errorCode?: string
  errorMessage?: string
  sourceIPAddress?: string
  userAgent?: string
  eventID?: string
  userIdentity?: { arn?: string; invokedBy?: string; type?: string }
  resources?: Array<{ ARN?: string; type?: string }>
}

/**
 * errorCodes CloudTrail records for an authorization failure. EC2 prefixes its codes with `Client.`
 * (aws-facts §10); SNS says AuthorizationError (SNS API reference, Common Errors).
 */
const DENIAL_CODES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'UnauthorizedAccess',
  'AuthorizationError',
  'AuthorizationErrorException',
  'Forbidden',
])

export function isDenialErrorCode(code: string | undefined): boolean {
  if (!code) return false
  return DENIAL_CODES.has(code.replace(/^(?:Client|Server)\./, ''))
}

/** One failed call found in CloudTrail, with the parse of its message. */
export interface TrailDenial {
  eventName: string
  eventSource: string
  region?: string
  eventTime?: string
  eventId?: string
  errorCode: string
  /** The record's errorMessage, secrets redacted; empty when CloudTrail recorded none (seed 001's RunInstances). */
  message: string
  /** The AWS service that made the call for the principal (`invokedBy`), when not the principal itself. */
  invokedBy?: string
  principalArn?: string
  denied: DeniedDetails
  /** True when the message named no action and it was inferred from eventSource + eventName. */
  actionFromEvent?: boolean
}

/** The IAM service prefix of an event source, where it differs from the host name (Service Authorization Reference). */
const PREFIX_OF_SOURCE: Record<string, string> = {
  'monitoring.amazonaws.com': 'cloudwatch',
  'api.ecr.amazonaws.com': 'ecr',
  'email.amazonaws.com': 'ses',
}

export function iamPrefixOfEventSource(eventSource: string): string {
  return PREFIX_OF_SOURCE[eventSource] ?? eventSource.replace(/\.amazonaws\.com$/, '')
}

/** The failed-call details of a record, or undefined when the record is not a denial. */
export function trailDenialOf(record: CloudTrailRecord): TrailDenial | undefined {
  if (!isDenialErrorCode(record.errorCode) || !record.eventName || !record.eventSource) return undefined
  const message = redactSecrets(record.errorMessage ?? '')
  const denied = parseDenialMessage(message)
  const out: TrailDenial = {
    eventName: record.eventName,
    eventSource: record.eventSource,
    errorCode: record.errorCode as string,
    message,
    denied,
  }
  if (!denied.action && !denied.actionCandidates) {
    denied.action = `${iamPrefixOfEventSource(record.eventSource)}:${record.eventName}`
    out.actionFromEvent = true
  }
  if (!denied.operation) denied.operation = record.eventName
  if (!denied.principal && record.userIdentity?.arn) denied.principal = record.userIdentity.arn
  const resource = record.resources?.find((entry) => entry.ARN)?.ARN
  if (!denied.resource && resource) denied.resource = resource
  const invokedBy = invokedByOf(record)
  if (invokedBy) out.invokedBy = invokedBy
  if (record.awsRegion) out.region = record.awsRegion
  if (record.eventTime) out.eventTime = record.eventTime
  if (record.eventID) out.eventId = record.eventID
  if (record.userIdentity?.arn) out.principalArn = record.userIdentity.arn
  return out
}

/** `invokedBy`, or a service host as the source IP (CloudTrail userIdentity reference: "AWS service"). */
function invokedByOf(record: CloudTrailRecord): string | undefined {
  if (record.userIdentity?.invokedBy) return record.userIdentity.invokedBy
  const source = record.sourceIPAddress ?? ''
  return /\.(?:amazonaws\.com|aws\.internal)$/.test(source) ? source : undefined
}
