/**
 * The pool strategy: plan tonight (pool-plan.ts), then for every account in the plan — vended now
 * only where the plan says, or pooled — run its (scenario, region) assignments there (runInAccount),
 * all accounts at once. Pool accounts are kept: their resources and role are deleted, their use goes
 * to the ledger. Accounts the plan retires are closed afterwards, within the close quota. Each account
 * has a journal of its own, `<runId>--<account>.jsonl`, so `harness sweep` finds what a killed run left
 * in any of them and puts what it may have used in the ledger.
 */
import { noSlotText, quotaRemedy } from '../accounts/quota.js'
import { HarnessError, isHarnessError } from '../errors.js'
import type { PlanSummary, RunAccount, TrailCapture } from '../history/types.js'
import type { RunJournal } from '../journal/journal.js'
import type { AccountPlan, Assignment, RunPlan } from '../plan/types.js'
import { CleanupRegistry } from './cleanup.js'
import {
  connectAhead,
  type ExecuteInput,
  type ExecuteResult,
  startJournal,
  sweepEarlierRuns,
  vendWithHeartbeat,
  warnOfDeadline,
} from './execute.js'
import { untilInterrupted } from './interrupt.js'
import { type PoolTonight, plannedKeys, planTonight, sameRef } from './pool-plan.js'
import * as provision from './provision.js'
import { replayDateOf } from './replay-date.js'
import { type AccountRunResult, provisionContext, runInAccount } from './run-in-account.js'
import { teardown } from './teardown.js'

interface PoolContext {
  input: ExecuteInput
  target: provision.AwsTarget
  stopNewWorkAt?: Date
  pooled: Map<string, provision.LedgerEntry>
}

export async function executePool(input: ExecuteInput): Promise<ExecuteResult> {
  const { config, signal } = input
  const { target, deadline } = await untilInterrupted(signal, input.ahead ?? connectAhead(config, input.emulator))
  await untilInterrupted(signal, sweepEarlierRuns(input, target))
  const stopNewWorkAt = warnOfDeadline(input, deadline)
  const persistent = target.kind === 'aws' || Boolean(input.emulator?.external)
  const tonight = planTonight(
    {
      config,
      scenarios: input.scenarios,
      say: input.progress,
      persistent,
      runId: input.runId,
      replay: replayDateOf(config, input.emulator) !== undefined,
    },
    target,
  )
  const { plan, pooled, quota } = await untilInterrupted(signal, tonight)
  if (plan.assignments.length === 0)
    throw nothingTonight(plan, quota, config.accounts.reserve, target.kind === 'local', target.timeScale)
  const ctx: PoolContext = { input, target, stopNewWorkAt, pooled }
  const settled = await Promise.allSettled(plan.accounts.map((account) => runPlannedAccount(ctx, plan, account)))
  const interrupted = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected')
  if (interrupted) throw interrupted.reason
  const runs = settled.map((s) => (s as PromiseFulfilledResult<PlannedRun>).value)
  const retired = await retireAccounts(ctx, plan.retire)
  return mergeRuns(plan, runs, retired)
}

/** Why a pool night can run nothing, when that changes, and what to do about it (QA: it said only "see harness plan"). */
function nothingTonight(
  plan: RunPlan,
  quota: PoolTonight['quota'],
  reserve: number,
  onEmulator: boolean,
  timeScale?: number,
): HarnessError {
  return new HarnessError(
    'ACCOUNT_QUOTA_EXHAUSTED',
    `the pool plan can run nothing tonight: no pooled account can serve (none kept is fresh for tonight's pairs, or all are in use) and no account slot is free under the quota minus the reserve of ${reserve}: ${noSlotText(quota.facts, quota.ledger, timeScale)}. ${quotaRemedy(onEmulator)} Lowering accounts.reserve frees a slot too. The budget: ${plan.budget.explanation}; harness plan shows the plan.`,
  )
}

interface PlannedRun {
  plan: AccountPlan
  vended: boolean
  result: AccountRunResult
}

async function runPlannedAccount(ctx: PoolContext, plan: RunPlan, accountPlan: AccountPlan): Promise<PlannedRun> {
  const { input, target } = ctx
  const mine = plan.assignments.filter((a) => sameRef(a.account, accountPlan.account))
  const ref = accountPlan.account
  const journal = await startJournal(
    input,
    `${input.runId}--${ref.kind === 'pooled' ? ref.accountId : ref.label}`,
    'keep',
    accountPlan.regions,
  )
  const pc = { ...provisionContext(input, journal), stopNewWorkAt: ctx.stopNewWorkAt, afterRun: 'keep' as const }
  let account: provision.VendedAccount
  if (ref.kind === 'pooled') {
    const entry = ctx.pooled.get(ref.accountId)
    account = {
      accountId: ref.accountId,
      createdAt: new Date(entry?.createdAt ?? Date.now()),
      fresh: false,
      accountName: entry?.accountName ?? '',
      email: entry?.email ?? '',
    }
    await journal.append({ type: 'account-created', accountId: account.accountId })
    input.progress.info(`account: reusing pooled account ${account.accountId} (${accountPlan.role})`)
  } else {
    // Organizations refuses a second account with the same e-mail: each new account of the run gets its own.
    const tag = ref.label.replace(/^new-/, 'n')
    const vended = await vendForPool(input, target, journal, { ...pc, accountTag: tag })
    if ('failure' in vended) return { plan: accountPlan, vended: true, result: vended.failure }
    account = vended.account
  }
  // Before any scenario runs: if this process dies, the sweep counts all of it as used.
  await journal.append({ type: 'planned-use', accountId: account.accountId, keys: plannedKeys(mine, input) })
  const assignments = mine.map((a: Assignment) => ({ scenario: a.scenario, region: a.region, fresh: a.fresh }))
  const result = await runInAccount({ run: input, target, account, assignments, afterRun: 'keep', journal, ctx: pc })
  if (ref.kind === 'pooled') {
    // Where tonight runs, and where the ledger (read by the plan) says the account was used before.
    const used = ctx.pooled.get(ref.accountId)?.regionsUsed ?? []
    await sweepStaleLeftovers(input, target, account, [...new Set([...accountPlan.regions, ...used])], pc)
  }
  return { plan: accountPlan, vended: ref.kind === 'new', result }
}

/** A pooled account reused tonight loses what lost runs left in it (sweep/stale-leftovers.ts). */
async function sweepStaleLeftovers(
  input: ExecuteInput,
  target: provision.AwsTarget,
  account: provision.VendedAccount,
  regions: readonly string[],
  pc: provision.ProvisionContext,
): Promise<void> {
  const { deleteStaleLeftovers } = await import('../sweep/stale-leftovers.js')
  const swept = await deleteStaleLeftovers({
    session: provision.openSession(target, account, pc),
    ownRoleName: provision.harnessRoleName(input.runId),
    ownRunId: input.runId,
    regions,
    now: await provision.targetNow(target),
  }).catch((error: Error) => ({ deleted: [], problems: [error.message] }))
  const where = `account ${account.accountId}`
  if (swept.deleted.length > 0)
    input.progress.info(`${where}: removed what runs that died there left: ${swept.deleted.join(', ')}`)
  for (const problem of swept.problems)
    input.progress.warn(`${where}: left by a run that died there, still: ${problem}`)
}

/** A new pool account; a vending failure is reported (exit 3) after any account it left is kept and recorded. */
async function vendForPool(
  input: ExecuteInput,
  target: provision.AwsTarget,
  journal: RunJournal,
  ctx: provision.ProvisionContext,
): Promise<{ account: provision.VendedAccount } | { failure: AccountRunResult }> {
  try {
    await provision.checkAccountQuota(target, input.config)
    return { account: await vendWithHeartbeat(input, target, ctx) }
  } catch (error) {
    if (!isHarnessError(error) || error.code === 'INTERRUPTED') throw error
    const orphanId = (error as { accountId?: string }).accountId
    const orphan = orphanId
      ? { accountId: orphanId, createdAt: new Date(), fresh: true, accountName: '', email: '' }
      : undefined
    const cleanupProblems = await teardown({
      config: input.config,
      runId: input.runId,
      progress: input.progress,
      target,
      account: orphan,
      afterRun: 'keep',
      regions: [],
      results: [],
      cleanups: new CleanupRegistry(),
      journal,
    })
    const account = orphan ?? { accountId: 'unknown', createdAt: new Date(), fresh: true, accountName: '', email: '' }
    return { failure: { account, regions: [], results: [], cleanupProblems, failure: error } }
  }
}

/** Closes the accounts the plan retires (the plan keeps them within the close quota); never throws. */
async function retireAccounts(ctx: PoolContext, accountIds: string[]): Promise<PlanSummary['retired']> {
  const { input, target } = ctx
  const retired: PlanSummary['retired'] = []
  for (const accountId of accountIds) {
    if (input.signal.aborted) {
      retired.push({ accountId, status: 'not-closed', error: 'the run was interrupted first' })
      continue
    }
    const journal = await startJournal(input, `${input.runId}--retire-${accountId}`, 'close', [])
    await journal.append({ type: 'account-created', accountId })
    const result = await provision.closeRetired(target, accountId, input.config, input.runId)
    if (result.status === 'closed') {
      await journal.append({ type: 'account-closed', accountId, status: 'PENDING_CLOSURE' })
      await journal.append({ type: 'run-settled' })
      input.progress.info(`pool: retired account ${accountId} (fresh for nothing planned): closed`)
      retired.push({ accountId, status: 'closed' })
    } else {
      input.progress.warn(`pool: could not close retired account ${accountId}: ${result.error} (harness sweep retries)`)
      retired.push({ accountId, status: 'close-failed', error: result.error })
    }
  }
  return retired
}

function mergeTrail(a: TrailCapture | undefined, b: TrailCapture): TrailCapture {
  if (!a) return b
  return {
    regions: [...new Set([...a.regions, ...b.regions])],
    since: a.since < b.since ? a.since : b.since,
    denials: [...a.denials, ...b.denials],
    problems: [...a.problems, ...b.problems],
  }
}

function mergeRuns(plan: RunPlan, runs: PlannedRun[], retired: PlanSummary['retired']): ExecuteResult {
  const out: ExecuteResult = { regions: [], results: [], cleanupProblems: [] }
  const accounts: RunAccount[] = []
  for (const { plan: accountPlan, vended, result } of runs) {
    out.results.push(...result.results)
    for (const region of result.regions) if (!out.regions.some((r) => r.name === region.name)) out.regions.push(region)
    out.cleanupProblems.push(...result.cleanupProblems.map((p) => `${result.account.accountId}: ${p}`))
    if (result.foundUsed) out.foundUsed = [...(out.foundUsed ?? []), ...result.foundUsed]
    out.failure ??= result.failure
    out.account ??= result.account
    if (result.trail) out.trail = mergeTrail(out.trail, result.trail)
    accounts.push({
      id: result.account.accountId,
      createdAt: result.account.createdAt.toISOString(),
      vended,
      role: accountPlan.role,
      regions: accountPlan.regions,
    })
  }
  const vendedIds = accounts.filter((a) => a.vended).map((a) => a.id)
  out.poolAccounts = accounts
  out.plan = {
    vended: vendedIds,
    reused: plan.reuse,
    retired,
    retireLater: plan.retireLater,
    gaps: plan.gaps,
    budget: {
      wanted: plan.budget.wanted,
      achievable: plan.budget.achievable,
      ok: plan.budget.ok,
      explanation: plan.budget.explanation,
    },
    lastFreshByRegion: plan.lastFreshByRegion,
    foundUsed: runs
      .filter((r) => (r.result.foundUsed ?? []).length > 0)
      .map((r) => ({ accountId: r.result.account.accountId, keys: (r.result.foundUsed ?? []).map((f) => f.key) })),
  }
  return out
}
