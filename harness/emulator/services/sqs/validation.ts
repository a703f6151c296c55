/**
 * Values SQS refuses (FACTS.md: SQS): queue attributes in CreateQueue and SetQueueAttributes, tag keys
 * in CreateQueue and TagQueue ("must not include the reserved prefix aws:", quotas-queues.html). Attribute ranges
 * are the "Valid values" of API_CreateQueue.html / API_SetQueueAttributes.html (MaximumMessageSize up to
 * 1 MiB since 2025-08-04, AWS What's New "Amazon SQS increases maximum message payload size to 1 MiB";
 * 256 KiB before, so a replay of an earlier date refuses more); Policy and RedrivePolicy are JSON objects. A bad value is
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

/** The day SQS raised MaximumMessageSize's ceiling from 256 KiB to 1 MiB (see the header). */
const ONE_MIB_MESSAGES_FROM = Date.parse('2025-08-04T00:00:00Z')

/** Throws the first attribute whose value SQS refuses on `now` (the emulator's clock). */
export function assertAttributeValues(attributes: Record<string, string>, now: Date): void {
  for (const [name, value] of Object.entries(attributes)) {
    const range =
      name === 'MaximumMessageSize' && now.getTime() < ONE_MIB_MESSAGES_FROM
        ? ([1_024, 262_144] as const)
        : INTEGER_RANGES[name]
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
