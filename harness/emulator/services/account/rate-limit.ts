/**
 * Per-account request rates of the Account Management API (accounts/latest/reference/quotas.html,
 * aws-facts §2 and §11): EnableRegion and DisableRegion 1 request per second (burst 1),
 * GetRegionOptStatus and ListRegions 5 per second. A token bucket per target account and limit,
 * refilled on the simulated clock; `rateLimitPeriodMs` (scaled) is the second, so a fast profile
 * shortens the period but keeps the rule.
 */
import type { EmulatorState } from '../../core/state.js'
import { tooManyRequests } from './errors.js'

export type RateLimitName = 'region-opt' | 'region-read'

const PER_PERIOD: Record<RateLimitName, number> = { 'region-opt': 1, 'region-read': 5 }

interface Bucket {
  tokens: number
  updatedAt: number
}

export function consumeRate(state: EmulatorState, accountId: string, limit: RateLimitName, now: Date): void {
  const buckets = state.accountStore('account-rate-limits', accountId, () => new Map<RateLimitName, Bucket>())
  const capacity = PER_PERIOD[limit]
  const periodMs = Math.max(state.clock.scaled(state.durations.rateLimitPeriodMs), Number.EPSILON)
  const bucket = buckets.get(limit) ?? { tokens: capacity, updatedAt: now.getTime() }
  const refilled = ((now.getTime() - bucket.updatedAt) / periodMs) * capacity
  bucket.tokens = Math.min(capacity, bucket.tokens + Math.max(0, refilled))
  bucket.updatedAt = now.getTime()
  buckets.set(limit, bucket)
  if (bucket.tokens < 1) throw tooManyRequests('Rate exceeded')
  bucket.tokens -= 1
}
