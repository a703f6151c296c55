/**
 * Values SQS refuses (FACTS.md: SQS): queue attributes in CreateQueue and SetQueueAttributes, tag keys
 * in CreateQueue and TagQueue ("must not include the reserved prefix aws:", quotas-queues.html). Attribute ranges
 * are the "Valid values" of API_CreateQueue.html / API_SetQueueAttributes.html (MaximumMessageSize up to
 * 1 MiB since August 2025); Policy and RedrivePolicy are JSON objects. A bad value is
 * InvalidAttributeValue "Invalid value for the parameter <Name>.".
 */
import { AwsError } from '../../core/errors.js'

/** Inclusive integer ranges. */
const INTEGER_RANGES: Readonly<Record<string, readonly [number, number]>> = {
  DelaySeconds: [0, 900],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
  MaximumMessageSize: [1_024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
}

/** Attributes whose value is a JSON document; an empty value removes the attribute (SetQueueAttributes). */
export const JSON_ATTRIBUTES = new Set(['Policy', 'RedrivePolicy', 'RedriveAllowPolicy'])

const INTEGER = /^-?\d+$/

export function invalidAttributeValue(name: string, reason?: string): AwsError {
  return new AwsError(
    'InvalidAttributeValue',
    `Invalid value for the parameter ${name}.${reason === undefined ? '' : ` Reason: ${reason}`}`,
  )
}

function isJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text)
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  } catch {
    return false
  }
}

/** Throws the first attribute whose value SQS refuses. */
export function assertAttributeValues(attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) {
    const range = INTEGER_RANGES[name]
    if (range) {
      const number = Number(value)
      if (!INTEGER.test(value) || number < range[0] || number > range[1]) throw invalidAttributeValue(name)
    } else if (name === 'Policy' && value !== '' && !isJsonObject(value)) {
      throw invalidAttributeValue(name)
    } else if (name === 'RedrivePolicy' && value !== '' && !isJsonObject(value)) {
      throw invalidAttributeValue(name, 'Redrive policy is not a valid JSON map.')
    }
  }
}

/** `aws:` in any letter case is AWS's (Tag Editor user guide, "Tag naming limits and requirements"). */
export function assertTagKeys(tags: Record<string, string>): void {
  const reserved = Object.keys(tags).find((key) => key.toLowerCase().startsWith('aws:'))
  if (reserved !== undefined) {
    throw new AwsError('InvalidParameterValue', `Tag keys beginning with 'aws:' are reserved for AWS use: ${reserved}`)
  }
}
