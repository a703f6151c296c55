/**
 * planRun: the pure heart of the pool strategy. Given the scenarios × regions asked for, the pool
 * (from the account ledger), the quota and the schedule, it decides tonight's run:
 * - which (scenario, region) pairs are due a fresh test: C nights after their last one (the budget's
 *   cadence, a few nights inside the promised N so a lost night is caught up), most overdue first,
 *   and never-tested pairs ceil(pairs / C) a night;
 * - the pooled account still fresh for all of the scenario's operations there, else one new account
 *   (only if a slot is free under quota − reserve); a pair nothing can serve is a gap, said so;
 * - every other pair runs in the seasoned account (the most used), so all-accounts changes show nightly;
 * - accounts fresh for nothing planned retire (closed), within the close quota.
 * A scenario that does not declare its operations is fresh only where the account used nothing.
 */

import { compareText } from '../compare-text.js'
import { poolSlots, resolveBudget } from './budget.js'
import { freshFor, keysIn, nightsBetween, pairKey } from './freshness.js'
import type { AccountPlan, AccountRef, Assignment, FreshnessGap, PlanInput, PoolAccount, RunPlan } from './types.js'

interface Pair {
  scenario: string
  region: string
  operations?: string[]
}

export function planRun(input: PlanInput): RunPlan {
  const budget = resolveBudget(input.freshEvery, poolSlots(input.quota))
  const pairs = input.scenarios.flatMap((s) =>
    input.regions.map((region) => ({ scenario: s.name, region, operations: s.operations })),
  )
  // The seasoned account is the one that has used the most (then the oldest); the rest rotate.
  const pool = [...input.pool].sort(
    (a, b) =>
      b.used.length - a.used.length || compareText(a.createdAt, b.createdAt) || compareText(a.accountId, b.accountId),
  )
  const seasoned = pool[0]
  const rotation = pool.slice(1)
  // What each account will have used after tonight's assignments (so two pairs never share a freshness key).
  const usedTonight = new Map<string, Set<string>>(pool.map((a) => [a.accountId, new Set(a.used)]))
  let freeSlots = Math.max(0, input.quota.quota - input.quota.reserve - input.quota.held)
  const newAccounts: Array<{ label: string; used: Set<string> }> = []

  const due = duePairs(pairs, input, budget.cadence)
  const assignments: Assignment[] = []
  const gaps: FreshnessGap[] = []
  for (const pair of mostOverdueFirst(pairs, due, input)) {
    const account = rotation.find((a) => freshFor(usedTonight.get(a.accountId)!, pair))
    if (account) {
      consume(usedTonight.get(account.accountId)!, pair)
      assignments.push({ ...names(pair), account: { kind: 'pooled', accountId: account.accountId }, fresh: true })
      continue
    }
    let fresh = newAccounts.find((a) => freshFor(a.used, pair))
    if (!fresh && freeSlots > (seasoned ? 0 : 1)) {
      fresh = { label: `new-${newAccounts.length + 1}`, used: new Set() }
      newAccounts.push(fresh)
      freeSlots--
    }
    if (!fresh) {
      gaps.push(gapOf(pair, input, 'no-slot'))
      continue
    }
    consume(fresh.used, pair)
    assignments.push({ ...names(pair), account: { kind: 'new', label: fresh.label }, fresh: true })
  }
  const seasonedRef = seasonedAccount(seasoned, freeSlots, newAccounts)
  for (const pair of pairs) {
    const key = pairKey(pair.scenario, pair.region)
    if (assignments.some((a) => pairKey(a.scenario, a.region) === key)) continue
    if (!seasonedRef) {
      if (!due.has(key)) gaps.push(gapOf(pair, input, 'rotation'))
      continue
    }
    const used =
      seasonedRef.kind === 'pooled'
        ? usedTonight.get(seasonedRef.accountId)!
        : newAccounts.find((a) => a.label === seasonedRef.label)!.used
    const fresh = freshFor(used, pair)
    // A pair the seasoned account happens to be fresh for is tested fresh tonight: not a gap.
    if (!due.has(key) && !fresh) gaps.push(gapOf(pair, input, 'rotation'))
    consume(used, pair)
    assignments.push({ ...names(pair), account: seasonedRef, fresh })
  }
  return finish(input, pool, assignments, gaps, newAccounts, budget, seasoned)
}

function names(pair: Pair) {
  return { scenario: pair.scenario, region: pair.region }
}

function consume(used: Set<string>, pair: Pair): void {
  for (const key of keysIn(pair)) used.add(key)
}

/** The seasoned account; on the first night a new one (it is honest about being fresh tonight). */
function seasonedAccount(
  seasoned: PoolAccount | undefined,
  freeSlots: number,
  newAccounts: Array<{ label: string; used: Set<string> }>,
): AccountRef | undefined {
  if (seasoned) return { kind: 'pooled', accountId: seasoned.accountId }
  if (freeSlots < 1) return newAccounts[0] ? { kind: 'new', label: newAccounts[0].label } : undefined
  newAccounts.push({ label: `new-${newAccounts.length + 1}`, used: new Set() })
  return { kind: 'new', label: newAccounts.at(-1)!.label }
}

/**
 * A pair tested fresh before is due once it is `cadence` nights old (just in time, so a rotation
 * account lasts that long). Never-tested pairs are paced ceil(pairs / n) a night, n the smaller of
 * the wanted N and the cadence, so the first round spreads out and later rounds keep that spread.
 * (A never-tested pair has no gap to keep; testing it sooner than the cadence costs no extra account.)
 */
function duePairs(pairs: Pair[], input: PlanInput, cadence: number): Set<string> {
  const share = Math.ceil(pairs.length / Math.max(1, Math.min(input.freshEvery, cadence)))
  const due = new Set<string>()
  let untested = 0
  for (const pair of pairs) {
    const last = input.lastFresh[pairKey(pair.scenario, pair.region)]
    if (last === undefined ? untested++ < share : nightsBetween(last, input.now) >= cadence)
      due.add(pairKey(pair.scenario, pair.region))
  }
  return due
}

/**
 * The due pairs, the longest since a fresh test first (never-tested ones after them, in order): when
 * slots are short, the pairs closest to breaking the promise (a killed night's, a faulted test's)
 * get the fresh accounts.
 */
function mostOverdueFirst(pairs: Pair[], due: Set<string>, input: PlanInput): Pair[] {
  const age = (pair: Pair) => {
    const last = input.lastFresh[pairKey(pair.scenario, pair.region)]
    return last === undefined ? -1 : nightsBetween(last, input.now)
  }
  // Array.prototype.sort is stable, so equal ages keep the configured order.
  return pairs.filter((pair) => due.has(pairKey(pair.scenario, pair.region))).sort((a, b) => age(b) - age(a))
}

function gapOf(pair: Pair, input: PlanInput, reason: FreshnessGap['reason']): FreshnessGap {
  const lastFresh = input.lastFresh[pairKey(pair.scenario, pair.region)]
  return {
    ...names(pair),
    reason,
    ...(lastFresh ? { lastFresh, nightsSince: nightsBetween(lastFresh, input.now) } : {}),
  }
}

function finish(
  input: PlanInput,
  pool: PoolAccount[],
  assignments: Assignment[],
  gaps: FreshnessGap[],
  newAccounts: Array<{ label: string; used: Set<string> }>,
  budget: RunPlan['budget'],
  seasoned: PoolAccount | undefined,
): RunPlan {
  const refId = (ref: AccountRef) => (ref.kind === 'pooled' ? ref.accountId : ref.label)
  const accounts: AccountPlan[] = []
  for (const ref of [
    ...pool.map((a) => ({ kind: 'pooled', accountId: a.accountId }) as AccountRef),
    ...newAccounts.map((a) => ({ kind: 'new', label: a.label }) as AccountRef),
  ]) {
    const mine = assignments.filter((a) => refId(a.account) === refId(ref))
    if (mine.length === 0) continue
    const fresh = mine.some((a) => a.fresh)
    const stale = mine.some((a) => !a.fresh)
    accounts.push({
      account: ref,
      regions: [...new Set(mine.map((a) => a.region))].sort(),
      role: fresh && stale ? 'fresh+seasoned' : fresh ? 'fresh' : 'seasoned',
    })
  }
  const exhausted = retirements(input, pool, assignments, seasoned, newAccounts)
  const closes = Math.max(0, input.quota.closesLeft)
  const busy = new Set([...assignments.map((a) => refId(a.account)), ...exhausted])
  return {
    assignments,
    accounts,
    // A new seasoned account with nothing to run tonight is not vended.
    vend: newAccounts.filter((a) => assignments.some((x) => refId(x.account) === a.label)).map((a) => a.label),
    reuse: accounts.flatMap((a) => (a.account.kind === 'pooled' ? [a.account.accountId] : [])),
    retire: exhausted.slice(0, closes),
    retireLater: exhausted.slice(closes),
    idle: pool.map((a) => a.accountId).filter((id) => !busy.has(id)),
    gaps,
    lastFreshByRegion: lastFreshByRegion(input),
    budget,
  }
}

/**
 * Rotation accounts idle tonight that are fresh for nothing asked for, or only for pairs a newer account
 * kept in the pool (or vended tonight) is fresh for too, after tonight's planned use. The second rule
 * matters for pairs nothing ever uses up (an EC2 DryRun is not use): alone they would keep every account
 * "fresh" and the pool would only grow.
 */
function retirements(
  input: PlanInput,
  pool: PoolAccount[],
  assignments: Assignment[],
  seasoned: PoolAccount | undefined,
  newAccounts: Array<{ label: string; used: Set<string> }>,
): string[] {
  const pairs = input.scenarios.flatMap((s) =>
    input.regions.map((region) => ({ key: pairKey(s.name, region), region, operations: s.operations })),
  )
  const operations = new Map(input.scenarios.map((s) => [s.name, s.operations]))
  const refId = (ref: AccountRef) => (ref.kind === 'pooled' ? ref.accountId : ref.label)
  const freshSet = (id: string, used: Iterable<string>) => {
    const after = new Set(used)
    for (const a of assignments.filter((x) => refId(x.account) === id))
      for (const key of keysIn({ region: a.region, operations: operations.get(a.scenario) })) after.add(key)
    return new Set(pairs.filter((pair) => freshFor(after, pair)).map((pair) => pair.key))
  }
  const assigned = (id: string) => assignments.some((x) => refId(x.account) === id)
  const rotation = pool.filter((a) => a !== seasoned)
  const covers = [
    ...newAccounts.filter((a) => assigned(a.label)).map((a) => freshSet(a.label, a.used)),
    ...rotation.filter((a) => assigned(a.accountId)).map((a) => freshSet(a.accountId, a.used)),
  ]
  const idle = rotation
    .filter((a) => !assigned(a.accountId))
    .sort((a, b) => compareText(b.createdAt, a.createdAt) || compareText(a.accountId, b.accountId))
  const retire: string[] = []
  for (const account of idle) {
    const fresh = freshSet(account.accountId, account.used)
    if (fresh.size === 0 || covers.some((cover) => [...fresh].every((key) => cover.has(key))))
      retire.push(account.accountId)
    else covers.push(fresh)
  }
  // Oldest first: they have held their slot the longest.
  return retire.sort((a, b) => compareText(created(pool, a), created(pool, b)) || compareText(a, b))
}

const created = (pool: PoolAccount[], id: string) => pool.find((a) => a.accountId === id)?.createdAt ?? ''

function lastFreshByRegion(input: PlanInput): Record<string, string | null> {
  const out: Record<string, string | null> = {}
  for (const region of input.regions) {
    const times = input.scenarios.map((s) => input.lastFresh[pairKey(s.name, region)])
    out[region] = times.some((time) => time === undefined) ? null : [...(times as string[])].sort()[0]!
  }
  return out
}
