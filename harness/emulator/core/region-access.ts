/**
 * Whether credentials may be used in the region: opt-in regions must be enabled for the caller's
 * account, and v1 tokens from the global STS endpoint never work there (shared/aws-facts.md §2).
 * AWS answers both with the protocol's invalid-token error.
 */
import { invalidTokenError } from './auth-errors.js'
import { isRegionUsable } from './region-status.js'
import { isOptInRegion } from './regions.js'
import type { EmulatorState } from './state.js'
import type { Caller, ServiceDefinition } from './types.js'

export function assertRegionAccess(
  state: EmulatorState,
  caller: Caller,
  service: ServiceDefinition,
  region: string,
  globalEndpoint: boolean,
  now: Date,
): void {
  if (service.global || globalEndpoint) return
  if (!isRegionUsable(state, caller.accountId, region, now)) throw invalidTokenError(service.protocol)
  if (caller.tokenVersion === 'v1' && isOptInRegion(region)) throw invalidTokenError(service.protocol)
}
