/**
 * The freshness budget: how often each (scenario, region) can be tested in a fresh account on a
 * given account quota, in steady state. A rotation account serves every pair fresh once, spread
 * over its cadence of C nights, then is closed; a closed account keeps its slot for 90 more days
 * (aws-facts §11, Organizations quotas page). So each rotation slot yields one full fresh coverage
 * every C + 90 days, and covering everything every C nights needs R·C ≥ C + 90 with R rotation
 * slots, i.e. C ≥ 90 / (R − 1). One slot stays with the seasoned account (tests that must run every night).
 *
 * That bound has no slack: a killed night spends its accounts' freshness for the pairs planned in
 * them without recording a fresh test, and a faulted test records nothing. So the planner promises
 * only what it keeps with slack: its cadence is slow enough to leave one rotation slot spare in
 * steady state (C ≥ 90 / (R − 2)) for the fresh account a lost night's pairs then need, and pairs
 * fall due CATCH_UP_NIGHTS before the promised N, so a pair lost on its due night is retried on the
 * next ones and still lands within N. (Checked by plan-run.test.ts and the season: 365 nights with
 * 3% killed keep every gap within 20 on the default quota.)
 */
import type { Budget, QuotaState } from './types.js'

export const POST_CLOSURE_NIGHTS = 90
/** Slots the planner never fills by default: room for a manual account or a stuck closure. */
export const DEFAULT_RESERVE = 1
/** Nights between a pair falling due and the promised N: retries after up to two lost nights in a row. */
export const CATCH_UP_NIGHTS = 2

/** Pool slots: what the quota leaves after other accounts and the reserve. */
export function poolSlots(quota: QuotaState): number {
  return Math.max(0, quota.quota - quota.othersHeld - quota.reserve)
}

/** Pure: the smallest sustainable N for `slots` pool slots (one is the seasoned account), with no slack for losses. */
export function achievableFreshEvery(slots: number): number | undefined {
  const rotation = slots - 1
  if (rotation < 2) return undefined
  return Math.ceil(POST_CLOSURE_NIGHTS / (rotation - 1))
}

/** Pure: the smallest N the planner keeps when nights are lost (a spare rotation slot, catch-up nights). */
export function keptFreshEvery(slots: number): number | undefined {
  const rotation = slots - 1
  if (rotation < 3) return undefined
  return Math.ceil(POST_CLOSURE_NIGHTS / (rotation - 2)) + CATCH_UP_NIGHTS
}

export function resolveBudget(wanted: number, slots: number): Budget {
  const achievable = achievableFreshEvery(slots)
  const withSlack = keptFreshEvery(slots)
  const promised = withSlack === undefined ? undefined : Math.max(wanted, withSlack)
  const ok = withSlack !== undefined && wanted >= withSlack
  // Pairs fall due CATCH_UP_NIGHTS before the promise; with no promise possible, plan for what was asked.
  const cadence = promised === undefined ? wanted : Math.max(1, promised - CATCH_UP_NIGHTS)
  const rotationSlots = Math.max(0, slots - 1)
  const base = `${slots} pool slot(s): 1 seasoned + ${rotationSlots} rotation; a closed account holds its slot ${POST_CLOSURE_NIGHTS} nights`
  return {
    wanted,
    achievable,
    withSlack,
    promised,
    cadence,
    ok,
    rotationSlots,
    explanation: explain(base, wanted, rotationSlots, achievable, withSlack, cadence),
  }
}

function explain(
  base: string,
  wanted: number,
  rotationSlots: number,
  achievable: number | undefined,
  withSlack: number | undefined,
  cadence: number,
): string {
  if (achievable === undefined) return `${base}; at least 3 pool slots are needed to rotate fresh accounts at all`
  const bound = `fresh every ${achievable} night(s) is the best this quota sustains with no night lost (N ≥ ${POST_CLOSURE_NIGHTS}/(${rotationSlots}−1))`
  if (withSlack === undefined)
    return `${base}; ${bound}; with no spare rotation slot for a killed night's pairs, no N is promised; ${wanted} is NOT achievable with slack`
  const slack = `with slack for killed or faulted nights (a spare rotation slot, ${CATCH_UP_NIGHTS} catch-up nights) it keeps fresh every ${withSlack} (N ≥ ${POST_CLOSURE_NIGHTS}/(${rotationSlots}−2) + ${CATCH_UP_NIGHTS})`
  const verdict =
    wanted >= withSlack
      ? `${wanted} is achievable`
      : `${wanted} is NOT achievable with slack: the planner keeps fresh every ${withSlack} instead`
  return `${base}; ${bound}; ${slack}; ${verdict} (pairs fall due after ${cadence} night(s))`
}
