/**
 * Per-account request rates of the Account Management API (accounts/latest/reference/quotas.html,
 * aws-facts §2 and §11): EnableRegion and DisableRegion 1 request per second (burst 1),
 * GetRegionOptStatus and ListRegions 5 per second, on the emulator's clock (core/rate-bucket.ts).
 */
import { takeRequestToken } from '../../core/rate-bucket.js'
import type { EmulatorState } from '../../core/state.js'
import { tooManyRequests } from './errors.js'

export type RateLimitName = 'region-opt' | 'region-read'

const PER_PERIOD: Record<RateLimitName, number> = { 'region-opt': 1, 'region-read': 5 }

export function consumeRate(state: EmulatorState, accountId: string, limit: RateLimitName, now: Date): void {
  if (!takeRequestToken(state, accountId, limit, PER_PERIOD[limit], now)) throw tooManyRequests('Rate exceeded')
}
