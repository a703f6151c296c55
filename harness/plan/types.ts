/** The planner's vocabulary: what it is given (PlanInput) and what it decides (RunPlan). Pure data. */

/** A scenario and the freshness keys its calls use (`logs:CreateLogGroup+tags`); undefined = not declared. */
export interface PlannedScenario {
  name: string
  operations?: string[]
}

/** A pooled account as the planner sees it (from the account ledger). */
export interface PoolAccount {
  accountId: string
  createdAt: string
  /** Freshness keys with region: `logs:CreateLogGroup+tags@ca-central-1`. */
  used: string[]
}

export interface QuotaState {
  /** The organization's account quota. */
  quota: number
  /** Accounts that hold a slot now: open ones (incl. the management account) and closed ones within 90 days. */
  held: number
  /** Of those, the ones harness does not manage (the management account, other teams' accounts). */
  othersHeld: number
  /** Slots never used by the planner, for manual work and emergencies. */
  reserve: number
  /** Closes still allowed in the rolling 30-day window. */
  closesLeft: number
}

export interface PlanInput {
  now: Date
  scenarios: PlannedScenario[]
  regions: string[]
  pool: PoolAccount[]
  quota: QuotaState
  /** Test each (scenario, region) in a fresh account at least every N nights. */
  freshEvery: number
  /** `scenario@region` → last night it was tested fresh (ISO). */
  lastFresh: Record<string, string>
}

export type AccountRef = { kind: 'pooled'; accountId: string } | { kind: 'new'; label: string }

export interface Assignment {
  scenario: string
  region: string
  account: AccountRef
  /** True when the account has never used any of the scenario's operations in the region. */
  fresh: boolean
}

export interface AccountPlan {
  account: AccountRef
  /** Only the regions its assignments need (enabled on demand). */
  regions: string[]
  role: 'fresh' | 'seasoned' | 'fresh+seasoned'
}

export interface FreshnessGap {
  scenario: string
  region: string
  lastFresh?: string
  /** Nights since its last fresh test (undefined: never). */
  nightsSince?: number
  /** Why it is not fresh tonight. */
  reason: 'rotation' | 'no-slot'
}

export interface Budget {
  wanted: number
  /** The smallest N the quota sustains in steady state with no night lost, or undefined when none does. */
  achievable?: number
  /** The smallest N the planner keeps with slack for killed or faulted nights, or undefined when none. */
  withSlack?: number
  /** The largest gap between fresh tests the planner promises: max(wanted, withSlack); undefined when none. */
  promised?: number
  /** Nights after its last fresh test a pair falls due (the promise minus the catch-up nights). */
  cadence: number
  /** True when the wanted N is kept with slack. */
  ok: boolean
  /** Slots the planner may fill: quota − held-by-others − reserve. */
  rotationSlots: number
  explanation: string
}

export interface RunPlan {
  assignments: Assignment[]
  accounts: AccountPlan[]
  vend: string[]
  reuse: string[]
  retire: string[]
  /** Accounts that would retire but the close quota is spent this window. */
  retireLater: string[]
  /** Pooled accounts with nothing to run tonight that stay in the pool (still fresh for pairs): each holds a slot. */
  idle: string[]
  gaps: FreshnessGap[]
  /** Per region, the OLDEST last fresh test among the scenarios (ISO), or null if one was never tested fresh. */
  lastFreshByRegion: Record<string, string | null>
  budget: Budget
}
