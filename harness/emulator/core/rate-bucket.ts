/**
 * AWS's per-account request rates as token buckets refilled on the simulated clock:
 * `rateLimitPeriodMs` (scaled) is AWS's second, so a fast profile shortens the period but keeps the
 * rule. A bucket starts full (AWS allows a burst of the per-second rate).
 */
import type { EmulatorState } from './state.js'

interface Bucket {
  tokens: number
  updatedAt: number
}

/** Takes one request from the bucket `key` of `accountId`; false when it is empty (throttle the call). */
export function takeRequestToken(
  state: EmulatorState,
  accountId: string,
  key: string,
  perSecond: number,
  now: Date,
): boolean {
  const buckets = state.accountStore('rate-limits', accountId, () => new Map<string, Bucket>())
  const periodMs = Math.max(state.clock.scaled(state.durations.rateLimitPeriodMs), Number.EPSILON)
  const bucket = buckets.get(key) ?? { tokens: perSecond, updatedAt: now.getTime() }
  const refilled = ((now.getTime() - bucket.updatedAt) / periodMs) * perSecond
  bucket.tokens = Math.min(perSecond, bucket.tokens + Math.max(0, refilled))
  bucket.updatedAt = now.getTime()
  buckets.set(key, bucket)
  if (bucket.tokens < 1) return false
  bucket.tokens -= 1
  return true
}
