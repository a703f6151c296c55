/**
 * The realism knobs a running emulator exposes at `GET|POST /_emulator/config`: real-AWS durations
 * (before `--time-scale`) and the organization's account quota. A POST changes only the fields it
 * names; `POST /_emulator/reset` goes back to the options the emulator was started with.
 */

import { z } from 'zod'
import type { Durations, EmulatorState } from '../core/state.js'
import { MAX_DURATION_MS, MAX_LATENCY_MS } from './bounds.js'
import { type RuntimeConfig, readRuntimeConfig } from './runtime-config-view.js'

export { type RuntimeConfig, readRuntimeConfig } from './runtime-config-view.js'

const milliseconds = z.number().finite().min(0).max(MAX_DURATION_MS)

const durationsSchema = z.strictObject({
  createAccountMs: milliseconds.optional(),
  enableRegionMs: milliseconds.optional(),
  disableRegionMs: milliseconds.optional(),
  closeAccountMs: milliseconds.optional(),
  iamPropagationMs: milliseconds.optional(),
  instanceStateChangeMs: milliseconds.optional(),
  perCallLatencyMs: z.number().finite().min(0).max(MAX_LATENCY_MS).optional(),
  accountAccessDelayMs: milliseconds.optional(),
  regionSettleMs: milliseconds.optional(),
  postClosurePeriodMs: milliseconds.optional(),
  closeQuotaWindowMs: milliseconds.optional(),
  // A zero period would switch the rate limits off; a shorter one keeps the rule.
  rateLimitPeriodMs: z.number().finite().positive().max(MAX_DURATION_MS).optional(),
  cloudTrailDeliveryMs: milliseconds.optional(),
}) satisfies z.ZodType<Partial<Durations>>

const configSchema = z.strictObject({
  durations: durationsSchema.optional(),
  // Organizations' default quota is 10 and can be raised on request; 100,000 bounds the emulator's memory.
  // At least 1: the organization's management account is one of its accounts.
  maxAccounts: z.number().int().min(1).max(100_000).optional(),
})

export type RuntimeConfigUpdate = z.infer<typeof configSchema>

export class RuntimeConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid emulator config: ${problems.join('; ')}`)
    this.name = 'RuntimeConfigError'
  }
}

/** Validates the whole update first, so a rejected body changes nothing. */
export function applyRuntimeConfig(state: EmulatorState, body: unknown): RuntimeConfig {
  const update = parseRuntimeConfig(body)
  Object.assign(state.durations, update.durations)
  if (update.maxAccounts !== undefined) {
    if (!state.organization) throw new RuntimeConfigError(['field "maxAccounts": the emulator has no organization'])
    state.organization.maxAccounts = update.maxAccounts
  }
  return readRuntimeConfig(state)
}

export function parseRuntimeConfig(body: unknown): RuntimeConfigUpdate {
  const result = configSchema.safeParse(body)
  if (result.success) return result.data
  throw new RuntimeConfigError(result.error.issues.flatMap(describeIssue))
}

function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = issue.path.map(String)
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => `field "${[...at, key].join('.')}": unknown field`)
  }
  const field = at.length > 0 ? at.join('.') : '(body)'
  return [`field "${field}": ${issue.message}`]
}
