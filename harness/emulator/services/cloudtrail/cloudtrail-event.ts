/** The `CloudTrailEvent` JSON string of one recorded call, with CloudTrail's record field names. */
import type { CloudTrailEventRecord } from '../../core/state.js'

/** CloudTrail writes times to the second: 2024-05-01T12:00:00Z. */
function cloudTrailTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`
}

export function cloudTrailEventJson(event: CloudTrailEventRecord): string {
  return JSON.stringify({
    eventVersion: '1.08',
    userIdentity: event.userIdentity,
    eventTime: cloudTrailTime(event.eventTime),
    eventSource: event.eventSource,
    eventName: event.eventName,
    awsRegion: event.awsRegion,
    sourceIPAddress: event.sourceIPAddress,
    userAgent: event.userAgent,
    ...(event.errorCode ? { errorCode: event.errorCode, errorMessage: event.errorMessage ?? '' } : {}),
    requestParameters: event.requestParameters ?? null,
    responseElements: event.responseElements ?? null,
    requestID: event.requestId,
    eventID: event.eventId,
    readOnly: event.readOnly,
    ...(event.resources.length > 0
      ? {
          resources: event.resources.map((r) => ({
            ARN: r.ResourceName,
            accountId: event.accountId,
            type: r.ResourceType,
          })),
        }
      : {}),
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: event.accountId,
    eventCategory: 'Management',
  })
}
