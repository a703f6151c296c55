/**
 * PutRetentionPolicy and DeleteRetentionPolicy: how long a log group keeps its events.
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutRetentionPolicy.html
 * lists the allowed `retentionInDays` values; anything else fails the model's enum constraint with
 * the standard "1 validation error detected" text. Both are authorized on the log group
 * (Service Authorization Reference, CloudWatch Logs: logs:PutRetentionPolicy / logs:DeleteRetentionPolicy
 * on `log-group`).
 */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import { wrongTypeError } from '../../core/wire-types.js'
import { requireLogGroup } from './log-groups.js'
import { logGroupStore } from './store.js'
import { requireLogGroupName } from './validation.js'

export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const

function readRetentionInDays(value: unknown): number {
  if (value === undefined || value === null) {
    throw new AwsError(
      'InvalidParameterException',
      "1 validation error detected: Value null at 'retentionInDays' failed to satisfy constraint: Member must not be null",
    )
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongTypeError(value, 'integer')
  if (!(RETENTION_DAYS as readonly number[]).includes(value)) {
    throw new AwsError(
      'InvalidParameterException',
      `1 validation error detected: Value '${value}' at 'retentionInDays' failed to satisfy constraint: ` +
        `Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
    )
  }
  return value
}

export function putRetentionPolicy(ctx: RequestContext): Record<string, never> {
  const name = requireLogGroupName(ctx.params.logGroupName)
  const days = readRetentionInDays(ctx.params.retentionInDays)
  requireLogGroup(logGroupStore(ctx), name).retentionInDays = days
  return {}
}

export function deleteRetentionPolicy(ctx: RequestContext): Record<string, never> {
  const name = requireLogGroupName(ctx.params.logGroupName)
  delete requireLogGroup(logGroupStore(ctx), name).retentionInDays
  return {}
}
