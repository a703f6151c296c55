/**
 * Freshness ledger hook called by the server after every successful call: records
 * `<prefix>:<Operation>` (and `…+tags` when the request carried tags) for the caller's account
 * in the request's region, with the simulated time it first succeeded.
 */
import type { RequestContext, ServiceDefinition } from '../core/types.js'
import { markUsed, usageKeys } from './ledger.js'

export function recordUsage(ctx: RequestContext, service: ServiceDefinition): void {
  const account = ctx.state.accounts.get(ctx.caller.accountId)
  if (!account) return
  markUsed(account, ctx.region, usageKeys(`${service.iamPrefix}:${ctx.operation}`, ctx.params), ctx.now)
}
