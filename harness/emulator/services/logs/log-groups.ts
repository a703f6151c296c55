/** CreateLogGroup, DeleteLogGroup and DescribeLogGroups handlers. */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import { type LogGroupRecord, type LogGroupStore, logGroupArn, logGroupStore } from './store.js'
import { readLimit, readTagMap, requireCreatableLogGroupName, requireLogGroupName } from './validation.js'

export function logGroupNotFound(): AwsError {
  return new AwsError('ResourceNotFoundException', 'The specified log group does not exist.')
}

export function requireLogGroup(store: LogGroupStore, name: string): LogGroupRecord {
  const group = store.get(name)
  if (!group) throw logGroupNotFound()
  return group
}

export function createLogGroup(ctx: RequestContext): Record<string, never> {
  const name = requireCreatableLogGroupName(ctx.params.logGroupName)
  const tags = readTagMap(ctx.params.tags)
  const store = logGroupStore(ctx)
  if (store.has(name)) {
    throw new AwsError('ResourceAlreadyExistsException', 'The specified log group already exists')
  }
  store.set(name, {
    name,
    createdAt: ctx.now,
    tags,
    logGroupClass: typeof ctx.params.logGroupClass === 'string' ? ctx.params.logGroupClass : 'STANDARD',
    kmsKeyId: typeof ctx.params.kmsKeyId === 'string' ? ctx.params.kmsKeyId : undefined,
  })
  return {}
}

export function deleteLogGroup(ctx: RequestContext): Record<string, never> {
  const name = requireLogGroupName(ctx.params.logGroupName)
  const store = logGroupStore(ctx)
  requireLogGroup(store, name)
  store.delete(name)
  return {}
}

function describeLogGroup(ctx: RequestContext, group: LogGroupRecord): Record<string, unknown> {
  const arn = logGroupArn(ctx.region, ctx.caller.accountId, group.name)
  // Members left undefined are not written (JSON.stringify skips them), as AWS omits unset ones.
  return {
    logGroupName: group.name,
    creationTime: group.createdAt.getTime(),
    retentionInDays: group.retentionInDays,
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: 0,
    logGroupClass: group.logGroupClass,
    logGroupArn: arn,
    kmsKeyId: group.kmsKeyId || undefined,
  }
}

/** Tokens are opaque to clients; ours carry the last name returned. */
function decodeNextToken(token: unknown): string | undefined {
  if (token === undefined || token === null) return undefined
  const decoded = Buffer.from(String(token), 'base64url').toString('utf8')
  if (!decoded.startsWith('lg:')) throw new AwsError('InvalidParameterException', 'The specified nextToken is invalid.')
  return decoded.slice(3)
}

export function describeLogGroups(ctx: RequestContext): Record<string, unknown> {
  const prefix = typeof ctx.params.logGroupNamePrefix === 'string' ? ctx.params.logGroupNamePrefix : ''
  const pattern = typeof ctx.params.logGroupNamePattern === 'string' ? ctx.params.logGroupNamePattern : undefined
  if (prefix && pattern) {
    throw new AwsError(
      'InvalidParameterException',
      'LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.',
    )
  }
  const limit = readLimit(ctx.params.limit)
  const after = decodeNextToken(ctx.params.nextToken)
  const store = logGroupStore(ctx)
  const where = pattern === undefined ? undefined : (name: string) => name.includes(pattern)
  const { keys, more } = store.page({ after, prefix, limit, where })
  const output: Record<string, unknown> = {
    logGroups: keys.map((name) => describeLogGroup(ctx, store.get(name)!)),
  }
  const last = keys.at(-1)
  if (more && last !== undefined) output.nextToken = Buffer.from(`lg:${last}`).toString('base64url')
  return output
}
