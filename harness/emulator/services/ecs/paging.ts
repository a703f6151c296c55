/**
 * ECS list paging: maxResults 1–100 (default 100) and an opaque nextToken; both refused with
 * InvalidParameterException, as ECS answers bad input (FACTS.md: ECS).
 */
import { decodeOffsetToken, encodePageToken } from '../../core/page-token.js'
import { optionalInteger, optionalString } from '../../core/params.js'
import type { RequestContext } from '../../core/types.js'
import { invalidParameter } from './errors.js'

const MAX_RESULTS = 100

/** One page of `items` and the nextToken for the rest; `listing` keeps one operation's token from another's. */
export function ecsPage<T>(ctx: RequestContext, listing: string, items: T[]): { page: T[]; nextToken?: string } {
  const max = optionalInteger(ctx, 'maxResults') ?? MAX_RESULTS
  if (max < 1 || max > MAX_RESULTS) throw invalidParameter('maxResults must be between 1 and 100.')
  const token = optionalString(ctx, 'nextToken')
  const invalid = () => invalidParameter('Invalid nextToken.')
  const start = token === undefined ? 0 : decodeOffsetToken(token, listing, invalid)
  const end = start + max
  return { page: items.slice(start, end), ...(end < items.length ? { nextToken: encodePageToken(listing, end) } : {}) }
}
