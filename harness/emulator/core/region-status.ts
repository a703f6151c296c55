/**
 * Opt-in status of a region for one account, as the Account API reports it. ENABLING/DISABLING
 * finish lazily: the first read after `readyAt` on the simulated clock completes the transition.
 */
import { isKnownRegion, isOptInRegion } from './regions.js'
import type { EmulatorState } from './state.js'

export type RegionOptStatus = 'ENABLED_BY_DEFAULT' | 'ENABLED' | 'ENABLING' | 'DISABLING' | 'DISABLED'

export function regionOptStatus(state: EmulatorState, accountId: string, region: string, now: Date): RegionOptStatus {
  if (!isKnownRegion(region)) return 'DISABLED'
  if (!isOptInRegion(region)) return 'ENABLED_BY_DEFAULT'
  const record = state.accounts.get(accountId)?.regions.get(region)
  if (!record) return 'DISABLED'
  if (record.readyAt.getTime() <= now.getTime()) {
    if (record.status === 'ENABLING') record.status = 'ENABLED'
    else if (record.status === 'DISABLING') record.status = 'DISABLED'
  }
  return record.status
}

/**
 * Whether calls may be served in the region for this account right now: an opt-in region answers
 * only once ENABLED and a short settle delay has passed ("You cannot use the Region until this
 * process is complete", EnableRegion API reference), so a client must not treat ENABLED as usable
 * on the same instant.
 */
export function isRegionUsable(state: EmulatorState, accountId: string, region: string, now: Date): boolean {
  const status = regionOptStatus(state, accountId, region, now)
  if (status === 'ENABLED_BY_DEFAULT') return true
  if (status !== 'ENABLED') return false
  const record = state.accounts.get(accountId)?.regions.get(region)
  if (!record) return true
  return record.readyAt.getTime() + state.clock.scaled(state.durations.regionSettleMs) <= now.getTime()
}
