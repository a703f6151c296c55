/**
 * Fault injection, called by the server before authorization: throttling with each service's real
 * code, 500/503, connection resets and slow responses, selected by service, operation, region,
 * account, seeded rate or count. CreateAccount failures are left to the Organizations service,
 * which reads the same rules (`failureReason`) from state.faults.
 */
import { readFileSync } from 'node:fs'
import type { EmulatorState } from '../core/state.js'
import { FaultRulesError, parseFaultRules } from './schema.js'
import type { FaultRule } from './types.js'

export { applyFaults, responseIsLost } from './apply.js'

export { FaultRulesError, parseFaultRules } from './schema.js'
export type { FaultKind, FaultRule } from './types.js'

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
