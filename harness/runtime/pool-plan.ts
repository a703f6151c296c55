/**
 * Tonight's pool plan from what is true now: the account ledger (what each pooled account has used),
 * the organization (which pooled accounts are still open and harness's, how many slots are held, by
 * whom), the freshness schedule, and the target's clock. planRun (plan/) decides; this reads its inputs
 * and says the plan on the console before anything is vended.
 */
import { checkPoolAccounts, type PoolCheck } from '../accounts/pool-check.js'
import { type QuotaFacts, readAccountQuota } from '../accounts/quota.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { accountsInUse } from '../journal/in-use.js'
import { accountName } from '../plan/format-plan.js'
import { keysIn } from '../plan/freshness.js'
import { planRun } from '../plan/plan-run.js'
import { poolFromLedger, quotaFromOrganization } from '../plan/pool-from-ledger.js'
import { readScheduleState } from '../plan/schedule-state.js'
import type { AccountRef, Assignment, PoolAccount, RunPlan } from '../plan/types.js'
import type { ExecuteInput } from './execute.js'
import * as provision from './provision.js'
import type { Scenario } from './types.js'

export interface PoolTonight {
  plan: RunPlan
  now: Date
  /** Ledger entries of the pooled accounts, by id (name, e-mail, creation time). */
  pooled: Map<string, provision.LedgerEntry>
  /** The organization's account count and quota, and the ledger: why no slot is free, when one frees. */
  quota: { facts: QuotaFacts; ledger: provision.LedgerEntry[] }
}

/** Where the plan is said: the run's progress, or nothing (harness plan prints the plan itself). */
export interface PlanSay {
  info(line: string): void
  warn(line: string): void
}

export interface PlanTonightInput {
  config: ResolvedConfig
  scenarios: ReadonlyArray<{ scenario: Pick<Scenario, 'name' | 'operations'> }>
  say: PlanSay
  /** State outlives the run (AWS, an external emulator): a ledger account missing there is news. */
  persistent: boolean
  /** Overrides accounts.freshEvery (harness plan --fresh-every). */
  freshEvery?: number
  /** The planning run (its own journals do not make its accounts busy). */
  runId?: string
  /** Print the plan line by line (harness run); harness plan formats it itself. */
  announce?: boolean
  /** A replay's run: its own fresh-test schedule (plan/schedule-state.ts). */
  replay?: boolean
}

export async function planTonight(input: PlanTonightInput, target: provision.AwsTarget): Promise<PoolTonight> {
  const { config } = input
  const now = target.now ? await target.now() : new Date()
  const [ledger, schedule] = await Promise.all([
    provision.readLedger(config.reportsDir),
    readScheduleState(config.reportsDir, input.replay),
  ])
  const busy = await accountsInUse(config.reportsDir, input.runId ?? '')
  const kept = poolFromLedger(ledger.accounts).filter((account) => !busy.has(account.accountId))
  if (busy.size > 0) input.say.info(`pool: ${busy.size} account(s) in use by another run in progress: left out`)
  const check = await checkPoolAccounts(
    target,
    kept.map((account) => account.accountId),
  )
  sayDropped(check.dropped, input)
  await recordClosed(check.dropped, input, target)
  const pool: PoolAccount[] = kept.filter((account) => check.usable.includes(account.accountId))
  const facts = await readAccountQuota(target, process.env)
  const plan = planRun({
    now,
    scenarios: input.scenarios.map(({ scenario }) => ({ name: scenario.name, operations: scenario.operations })),
    regions: config.regions,
    pool,
    quota: quotaFromOrganization(facts, ledger.accounts, {
      reserve: config.accounts.reserve,
      now,
      openPool: pool.length,
    }),
    freshEvery: input.freshEvery ?? config.accounts.freshEvery,
    lastFresh: schedule.lastFresh,
  })
  if (input.announce !== false) sayPlan(plan, input.say)
  const pooled = new Map(ledger.accounts.filter((e) => check.usable.includes(e.accountId)).map((e) => [e.accountId, e]))
  return { plan, now, pooled, quota: { facts, ledger: ledger.accounts } }
}

/** A pooled account the organization shows closed is closed in the ledger too (it holds its slot 90 days). */
async function recordClosed(dropped: PoolCheck['dropped'], input: PlanTonightInput, target: provision.AwsTarget) {
  // Only a run records it: harness plan acts on nothing.
  if (!input.persistent || !input.runId) return
  for (const { accountId } of dropped.filter((d) => d.closed))
    await provision.recordUse(input.config.reportsDir, {
      accountId,
      createdAt: new Date(0),
      runId: input.runId ?? 'harness-plan',
      regionsUsed: [],
      operationsUsed: [],
      status: 'closed',
      at: await provision.targetNow(target),
    })
}

function sayDropped(dropped: Array<{ accountId: string; why: string }>, input: PlanTonightInput) {
  if (dropped.length === 0) return
  // The embedded emulator starts empty every run: its earlier accounts are gone, which is no news.
  if (!input.persistent) {
    input.say.info(`pool: ${dropped.length} ledger account(s) are not in this emulator (it started empty)`)
    return
  }
  for (const { accountId, why } of dropped) input.say.warn(`pool: account ${accountId} left out: ${why}`)
}

function sayPlan(plan: RunPlan, progress: PlanSay): void {
  const list = (ids: string[]) => (ids.length === 0 ? 'none' : ids.join(', '))
  progress.info(`pool: ${plan.budget.explanation}`)
  if (!plan.budget.ok)
    progress.warn(
      plan.budget.promised === undefined
        ? `pool: the freshness budget of ${plan.budget.wanted} night(s) is not achievable`
        : `pool: the freshness budget of ${plan.budget.wanted} night(s) is not kept with slack for lost nights; planning for fresh every ${plan.budget.promised}`,
    )
  progress.info(`pool: vend ${list(plan.vend)}; reuse ${list(plan.reuse)}; retire ${list(plan.retire)}`)
  if (plan.retireLater.length > 0)
    progress.warn(`pool: close quota spent this 30-day window; retiring later: ${list(plan.retireLater)}`)
  for (const account of plan.accounts) {
    const mine = plan.assignments.filter((a) => sameRef(a.account, account.account))
    const fresh = mine.filter((a) => a.fresh).length
    progress.info(
      `pool: ${accountName(account.account)} (${account.role}): ${fresh} fresh, ${mine.length - fresh} seasoned pair(s) in ${account.regions.join(', ')}`,
    )
  }
  const noSlot = plan.gaps.filter((gap) => gap.reason === 'no-slot')
  if (noSlot.length > 0)
    progress.warn(
      `pool: ${noSlot.length} pair(s) due a fresh test have no account slot tonight (harness plan lists them)`,
    )
}

export function sameRef(a: AccountRef, b: AccountRef): boolean {
  return a.kind === 'pooled'
    ? b.kind === 'pooled' && a.accountId === b.accountId
    : b.kind === 'new' && a.label === b.label
}

/**
 * What a run may use in an account: the assigned scenarios' freshness keys. A scenario that declares
 * no operations may use anything there, so its region is marked used as a whole (plan/freshness.ts).
 */
export function plannedKeys(assignments: readonly Assignment[], input: ExecuteInput): string[] {
  const operations = new Map(input.scenarios.map(({ scenario }) => [scenario.name, scenario.operations]))
  const keys = assignments.flatMap((a) => {
    const declared = operations.get(a.scenario)
    return declared === undefined
      ? [`harness:undeclared@${a.region}`]
      : keysIn({ region: a.region, operations: declared })
  })
  return [...new Set(keys)].sort()
}
