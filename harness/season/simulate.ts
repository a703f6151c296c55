/**
 * A seeded simulation of nightly runs planned by planRun, to measure the freshness budget over a
 * year: accounts vended, closed and held against the quota (closed accounts hold their slot 90
 * nights, closes limited per 30 days), nights blocked, the largest gap between fresh tests, and
 * whether generated AWS changes (fresh-accounts-only or all-accounts, rolled out region by region)
 * are caught and how late. Runs are modeled at the planner level: a test detects a change when the
 * change has reached the region and applies to the account the plan chose (every call succeeds and
 * uses its operations). `npm run season -- --model emulator` runs the real pipeline instead (emulator-season.ts).
 */
import { ALL_COMMERCIAL_REGIONS } from '../config/regions.js'
import { mulberry32 } from '../emulator/faults/selection.js'
import { closeQuota } from '../emulator/services/organizations/accounts.js'
import { DEFAULT_RESERVE, POST_CLOSURE_NIGHTS } from '../plan/budget.js'
import { pairKey } from '../plan/freshness.js'
import { planRun } from '../plan/plan-run.js'
import type { AccountRef, PlannedScenario } from '../plan/types.js'
import type { ChangeResult } from './attribute.js'
import { generateChanges } from './changes.js'

export interface SeasonOptions {
  seed: number
  nights: number
  regions?: readonly string[]
  scenarios: PlannedScenario[]
  quota?: number
  reserve?: number
  freshEvery: number
  /** Chance a night's run is SIGKILLed after vending, before it records anything (its accounts stay in the pool). */
  killRate?: number
  /** Chance one (scenario, region) test fails for an unrelated reason (throttling, region not ready). */
  faultRate?: number
  changes?: number
}

interface SimAccount {
  id: string
  createdNight: number
  used: Set<string>
  closedNight?: number
}

export interface SeasonResult {
  options: Required<Omit<SeasonOptions, 'regions'>> & { regions: number }
  nightsRun: number
  nightsBlocked: number
  nightsKilled: number
  vended: number
  closed: number
  maxHeld: number
  quota: number
  achievableN?: number
  /** The N the planner keeps with slack for lost nights, and the one it promised (max of that and the wanted N). */
  withSlackN?: number
  promisedN?: number
  largestGap: number
  changes: ChangeResult[]
  aboveQuota: boolean
}

const START = Date.parse('2026-01-01T02:00:00Z')
const DAY = 24 * 60 * 60_000

export function simulateSeason(options: SeasonOptions): SeasonResult {
  const o = {
    quota: 10,
    reserve: DEFAULT_RESERVE,
    killRate: 0.03,
    faultRate: 0.01,
    changes: 12,
    ...options,
    regions: options.regions ?? ALL_COMMERCIAL_REGIONS,
  }
  const random = mulberry32(o.seed)
  const changes = generateChanges(random, o.changes, o.nights, o.regions, o.scenarios)
  const results: ChangeResult[] = changes.map((change) => ({ change }))
  const accounts: SimAccount[] = []
  const lastFresh: Record<string, string> = {}
  const lastFreshNight = new Map<string, number>()
  let largestGap = 0
  const counts = { run: 0, blocked: 0, killed: 0, vended: 0, closed: 0, maxHeld: 0 }
  let budget: ReturnType<typeof planRun>['budget'] | undefined
  for (let night = 0; night < o.nights; night++) {
    const now = new Date(START + night * DAY)
    const held = () =>
      1 + accounts.filter((a) => a.closedNight === undefined || night - a.closedNight < POST_CLOSURE_NIGHTS).length
    const closedRecently = accounts.filter((a) => a.closedNight !== undefined && night - a.closedNight < 30).length
    const plan = planRun({
      now,
      scenarios: o.scenarios,
      regions: [...o.regions],
      pool: accounts
        .filter((a) => a.closedNight === undefined)
        .map((a) => ({
          accountId: a.id,
          createdAt: new Date(START + a.createdNight * DAY).toISOString(),
          used: [...a.used],
        })),
      quota: {
        quota: o.quota,
        held: held(),
        othersHeld: 1,
        reserve: o.reserve,
        closesLeft: closeQuota(held() - 1) - closedRecently,
      },
      freshEvery: o.freshEvery,
      lastFresh,
    })
    budget = plan.budget
    const byLabel = new Map<string, SimAccount>()
    for (const label of plan.vend) {
      const account = { id: String(100000000000 + accounts.length), createdNight: night, used: new Set<string>() }
      accounts.push(account)
      byLabel.set(label, account)
      counts.vended++
    }
    counts.maxHeld = Math.max(counts.maxHeld, held())
    if (random() < o.killRate) {
      // SIGKILL part-way, as the pool executor handles it: the next sweep keeps the run's accounts in the
      // pool with the run's planned use counted as used (it cannot tell how far the run got); nothing is fresh-recorded.
      for (const a of plan.assignments) {
        const account = assignedAccount(a.account, accounts, byLabel)
        for (const key of keysOf(o.scenarios, a)) account.used.add(key)
      }
      counts.killed++
      continue
    }
    if (plan.assignments.length === 0) {
      counts.blocked++
      continue
    }
    counts.run++
    for (const a of plan.assignments) {
      const account = assignedAccount(a.account, accounts, byLabel)
      const scenario = o.scenarios.find((s) => s.name === a.scenario)!
      if (random() < o.faultRate) continue
      const fresh = (scenario.operations ?? []).every((op) => !account.used.has(`${op}@${a.region}`))
      detect(results, a.scenario, a.region, night, fresh)
      for (const op of scenario.operations ?? []) account.used.add(`${op}@${a.region}`)
      if (fresh) {
        lastFresh[pairKey(a.scenario, a.region)] = now.toISOString()
        lastFreshNight.set(pairKey(a.scenario, a.region), night)
      }
    }
    for (const id of plan.retire) {
      accounts.find((a) => a.id === id)!.closedNight = night
      counts.closed++
    }
    for (const scenario of o.scenarios)
      for (const region of o.regions)
        largestGap = Math.max(largestGap, night - (lastFreshNight.get(pairKey(scenario.name, region)) ?? -1))
  }
  return {
    options: { ...o, regions: o.regions.length },
    nightsRun: counts.run,
    nightsBlocked: counts.blocked,
    nightsKilled: counts.killed,
    vended: counts.vended,
    closed: counts.closed,
    maxHeld: counts.maxHeld,
    quota: o.quota,
    achievableN: budget?.achievable,
    withSlackN: budget?.withSlack,
    promisedN: budget?.promised,
    largestGap,
    changes: results,
    aboveQuota: counts.maxHeld > o.quota,
  }
}

/** The account an assignment runs in (a pooled one, or one vended tonight under its plan label). */
function assignedAccount(ref: AccountRef, accounts: SimAccount[], byLabel: Map<string, SimAccount>): SimAccount {
  return ref.kind === 'pooled' ? accounts.find((x) => x.id === ref.accountId)! : byLabel.get(ref.label)!
}

function keysOf(scenarios: PlannedScenario[], a: { scenario: string; region: string }): string[] {
  return (scenarios.find((s) => s.name === a.scenario)?.operations ?? []).map((op) => `${op}@${a.region}`)
}

/** A test sees a change that has reached its region and applies to its account; a fresh test re-run seasoned gives the blast radius. */
function detect(results: ChangeResult[], scenario: string, region: string, night: number, fresh: boolean) {
  for (const result of results) {
    const { change } = result
    if (result.detectedNight !== undefined || change.scenario !== scenario) continue
    const arrived = change.arrivals.get(region)
    if (arrived === undefined || arrived > night) continue
    if (change.who === 'fresh-only' && !fresh) continue
    result.detectedNight = night
    result.detectedRegion = region
    result.delay = night - Math.min(...change.arrivals.values())
    result.blastRadius = change.who === 'fresh-only' ? 'new accounts only' : 'all accounts'
  }
}
