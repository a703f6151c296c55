/**
 * The freshness budget: how often each (scenario, region) can be tested in a fresh account on a
 * given account quota, in steady state. A rotation account serves every pair fresh once, spread
 * over N nights, then is closed; a closed account keeps its slot for 90 more days (aws-facts §11,
 * Organizations quotas page). So each rotation slot yields one full fresh coverage every N + 90
 * days, and covering everything every N nights needs R·N ≥ N + 90 with R rotation slots, i.e.
 * N ≥ 90 / (R − 1). One slot stays with the seasoned account (tests that must run every night).
 */
import type { Budget, QuotaState } from './types.js'

export const POST_CLOSURE_NIGHTS = 90
/** Slots the planner never fills by default: room for a manual account or a stuck closure. */
export const DEFAULT_RESERVE = 1

/** Pool slots: what the quota leaves after other accounts and the reserve. */
export function poolSlots(quota: QuotaState): number {
  return Math.max(0, quota.quota - quota.othersHeld - quota.reserve)
}

/** Pure: the smallest sustainable N for `slots` pool slots (one is the seasoned account). */
export function achievableFreshEvery(slots: number): number | undefined {
  const rotation = slots - 1
  if (rotation < 2) return undefined
  return Math.ceil(POST_CLOSURE_NIGHTS / (rotation - 1))
}

export function resolveBudget(wanted: number, slots: number): Budget {
  const achievable = achievableFreshEvery(slots)
  const ok = achievable !== undefined && wanted >= achievable
  const rotationSlots = Math.max(0, slots - 1)
  const base = `${slots} pool slot(s): 1 seasoned + ${rotationSlots} rotation; a closed account holds its slot ${POST_CLOSURE_NIGHTS} nights`
  const explanation =
    achievable === undefined
      ? `${base}; at least 3 pool slots are needed to rotate fresh accounts at all`
      : `${base}; fresh every ${achievable} night(s) is the best this quota sustains (N ≥ ${POST_CLOSURE_NIGHTS}/(${rotationSlots}−1)); ${ok ? `${wanted} is achievable` : `${wanted} is NOT achievable`}`
  return { wanted, achievable, ok, rotationSlots, explanation }
}
