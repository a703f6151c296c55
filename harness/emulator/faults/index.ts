/**
 * Fault injection, called by the server before authorization: throttling with each service's real
 * code, 500/503, connection resets and slow responses, selected by service, operation, region,
 * account, seeded rate or count. CreateAccount failures are left to the Organizations service,
 * which reads the same rules (`failureReason`) from state.faults.
 */
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import { ConnectionResetFault } from '../core/errors.js'
import type { EmulatorState } from '../core/state.js'
import type { RequestContext, ServiceDefinition } from '../core/types.js'
import { faultError } from './fault-errors.js'
import { FaultRulesError, parseFaultRules } from './schema.js'
import { ruleFires, ruleMatches } from './selection.js'
import type { FaultRule } from './types.js'

export { FaultRulesError, parseFaultRules } from './schema.js'
export type { FaultKind, FaultRule } from './types.js'

export async function applyFaults(ctx: RequestContext, service: ServiceDefinition): Promise<void> {
  const rules = ctx.state.faults
  if (rules.length === 0) return
  const call = {
    service: service.signingName,
    iamPrefix: service.iamPrefix,
    operation: ctx.operation,
    region: ctx.region,
    accountId: ctx.caller.accountId,
  }
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
  const call = {
    service: service.signingName,
    iamPrefix: service.iamPrefix,
    operation: ctx.operation,
    region: ctx.region,
    accountId: ctx.caller.accountId,
  }
  return ctx.state.faults.some(
    (rule, position) =>
      rule.fault === 'lost-response' && ruleMatches(rule, call) && ruleFires(ctx.state, rule, position, ctx.state.seed),
  )
}

/** Validates and replaces the rules (POST /_emulator/faults); throws FaultRulesError naming entry and field. */
export function setFaults(state: EmulatorState, body: unknown): FaultRule[] {
  state.faults = parseFaultRules(body, 'fault rules')
  return state.faults
}

/** Reads and validates a `--faults <file>`. */
export function loadFaultsFile(path: string): FaultRule[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new FaultRulesError(`Cannot read fault file ${path}: ${(error as Error).message}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw new FaultRulesError(`Cannot read fault file ${path}: not valid JSON (${(error as Error).message})`)
  }
  return parseFaultRules(json, `fault file ${path}`)
}
