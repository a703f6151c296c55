/**
 * Applying the fault rules to a request (the pipeline's part of fault injection). Apart from index.ts,
 * whose rule validation needs zod, so the request path loads without it.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { ConnectionResetFault } from '../core/errors.js'
import type { RequestContext, ServiceDefinition } from '../core/types.js'
import { faultError } from './fault-errors.js'
import { type CallFacts, ruleFires, ruleMatches } from './selection.js'

/**
 * What a fault rule selects on, for this request. The Account API is signed for us-east-1 whichever region
 * EnableRegion, DisableRegion or GetRegionOptStatus acts on: a rule's `region` matches that one instead.
 */
function callOf(ctx: RequestContext, service: ServiceDefinition): CallFacts {
  const named = service.signingName === 'account' ? ctx.params.RegionName : undefined
  return {
    service: service.signingName,
    iamPrefix: service.iamPrefix,
    operation: ctx.operation,
    region: ctx.region,
    ...(typeof named === 'string' ? { targetRegion: named } : {}),
    accountId: ctx.caller.accountId,
  }
}

export async function applyFaults(ctx: RequestContext, service: ServiceDefinition): Promise<void> {
  const rules = ctx.state.faults
  if (rules.length === 0) return
  const call = callOf(ctx, service)
  for (let position = 0; position < rules.length; position++) {
    const rule = rules[position]!
    if (rule.fault === 'create-account-failure' || rule.failureReason !== undefined) continue
    if (rule.fault === 'lost-response') continue
    if (!ruleMatches(rule, call) || !ruleFires(ctx.state, rule, position, ctx.state.seed)) continue
    switch (rule.fault) {
      case 'slow':
        await sleep(rule.delayMs ?? 0)
        break
      case 'connection-reset':
        throw new ConnectionResetFault()
      case 'throttle':
      case 'internal-error':
      case 'service-unavailable':
        throw faultError(service, rule.fault, rule.message)
    }
  }
}

/**
 * After the handler succeeded: whether a `lost-response` rule drops the connection now, so the
 * change stands but the caller never hears of it (a CreateAccount whose response never arrived).
 */
export function responseIsLost(ctx: RequestContext, service: ServiceDefinition): boolean {
  const call = callOf(ctx, service)
  return ctx.state.faults.some(
    (rule, position) =>
      rule.fault === 'lost-response' && ruleMatches(rule, call) && ruleFires(ctx.state, rule, position, ctx.state.seed),
  )
}
