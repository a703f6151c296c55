/** CloudWatch Logs state: log groups per account and region, and the ARN formats AWS uses for them. */
import { SortedMap } from '../../core/sorted-index.js'
import type { RequestContext } from '../../core/types.js'

export interface LogGroupRecord {
  name: string
  createdAt: Date
  tags: Record<string, string>
  logGroupClass: string
  kmsKeyId?: string
  /** Set by PutRetentionPolicy; absent means events never expire. */
  retentionInDays?: number
}

/** Log groups by name, kept sorted so DescribeLogGroups pages in O(page). */
export type LogGroupStore = SortedMap<LogGroupRecord>

export function logGroupStore(ctx: RequestContext): LogGroupStore {
  return ctx.state.regionStore('logs', ctx.caller.accountId, ctx.region, () => new SortedMap<LogGroupRecord>())
}

/** The resource ARN shown by TagResource and DescribeLogGroups' `logGroupArn` (no trailing `:*`). */
export function logGroupArn(region: string, accountId: string, name: string): string {
  return `arn:aws:logs:${region}:${accountId}:log-group:${name}`
}

/**
 * The resource Logs authorizes name-based operations against. AWS's denials name
 * `…:log-group:<name>:log-stream:` (e.g. "not authorized to perform: logs:CreateLogGroup on resource:
 * arn:aws:logs:us-east-2:…:log-group:/ecs/x:log-stream:"), which is why `log-group:<name>:*` policies work
 * and a bare `log-group:<name>` resource does not.
 */
export function logGroupAuthArn(region: string, accountId: string, name: string): string {
  return `${logGroupArn(region, accountId, name)}:log-stream:`
}

/** Log group name from a TagResource/ListTagsForResource ARN, accepting an optional trailing `:*`. */
export function logGroupNameFromArn(arn: string): string | undefined {
  const match = /^arn:aws[\w-]*:logs:[\w-]+:\d{12}:log-group:(.+?)(?::\*)?$/.exec(arn)
  return match?.[1]
}
