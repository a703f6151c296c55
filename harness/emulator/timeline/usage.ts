/**
 * Freshness ledger hook called by the server after every successful call (owned by the timeline module).
 * STUB: records `<prefix>:<Operation>` per account and region.
 */
import type { RequestContext, ServiceDefinition } from '../core/types.js'

export function recordUsage(ctx: RequestContext, service: ServiceDefinition): void {
  const account = ctx.state.accounts.get(ctx.caller.accountId)
  if (!account) return
  let used = account.usage.get(ctx.region)
  if (!used) account.usage.set(ctx.region, (used = new Set()))
  used.add(`${service.iamPrefix}:${ctx.operation}`)
}
