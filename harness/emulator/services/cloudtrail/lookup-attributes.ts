/** LookupEvents' attribute filters over recorded events. */
import { AwsError } from '../../core/errors.js'
import type { CloudTrailEventRecord } from '../../core/state.js'

export type LookupAttributeKey =
  | 'EventId'
  | 'EventName'
  | 'ReadOnly'
  | 'Username'
  | 'ResourceType'
  | 'ResourceName'
  | 'EventSource'
  | 'AccessKeyId'

const MATCHERS: Record<LookupAttributeKey, (event: CloudTrailEventRecord, value: string) => boolean> = {
  EventId: (event, value) => event.eventId === value,
  EventName: (event, value) => event.eventName === value,
  ReadOnly: (event, value) => String(event.readOnly) === value.toLowerCase(),
  Username: (event, value) => event.username === value,
  ResourceType: (event, value) => event.resources.some((resource) => resource.ResourceType === value),
  ResourceName: (event, value) => event.resources.some((resource) => resource.ResourceName === value),
  EventSource: (event, value) => event.eventSource === value,
  AccessKeyId: (event, value) => event.accessKeyId === value,
}

export type EventPredicate = (event: CloudTrailEventRecord) => boolean

/** The API accepts a list but "currently the list can contain only one item". */
export function readLookupAttributes(value: unknown): EventPredicate {
  if (value === undefined || value === null) return () => true
  if (!Array.isArray(value)) throw new AwsError('InvalidLookupAttributesException', 'LookupAttributes must be a list.')
  if (value.length > 1) {
    throw new AwsError('InvalidLookupAttributesException', 'You can only specify one lookup attribute.')
  }
  const predicates = value.map((attribute): EventPredicate => {
    const key = attribute?.AttributeKey
    const expected = attribute?.AttributeValue
    if (typeof key !== 'string' || !Object.hasOwn(MATCHERS, key)) {
      throw new AwsError('InvalidLookupAttributesException', `Invalid lookup attribute key: ${String(key)}`)
    }
    if (typeof expected !== 'string' || expected.length === 0) {
      throw new AwsError('InvalidLookupAttributesException', `Lookup attribute value for ${key} must not be empty.`)
    }
    const matcher = MATCHERS[key as LookupAttributeKey]
    return (event) => matcher(event, expected)
  })
  return (event) => predicates.every((predicate) => predicate(event))
}
