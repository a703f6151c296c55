/**
 * Blast radius (issue #9): for each confirmed regression found in a fresh account, the step's scenario is run
 * again in that region in a seasoned account (seasoned-account.ts) under the declared policy: allowed there →
 * "new accounts only" (existing customers unaffected, every new customer breaks); denied there too → "all
 * accounts" (urgent). With no such account the radius is "unknown", and the report says what would answer it.
 * A regression seen in a pool run's seasoned step answers itself: an existing customer was denied.
 * The seasoned account is kept (never closed) and its new use goes to the ledger like any run's.
 */
import { readAccountLedger } from '../accounts/ledger.js'
import { activeAccountIds } from '../accounts/quota.js'
import { comesFromGuardrail } from '../history/cause.js'
import { stepKey } from '../history/diff-keys.js'
import { newRunId } from '../history/run-id.js'
import type { BlastRadiusFinding, DriftChange, DriftReport, RunRecord, StepResult } from '../history/types.js'
import type { ExecuteInput } from '../runtime/execute.js'
import type { DeclaredPolicy } from '../runtime/policy-file.js'
import { confirmedRegressions } from './failing-steps.js'
import { prefixedProgress } from './progress.js'
import { findSeasonedAccount, type SeasonedAccount, selfSeasoned, stepFreshnessKeys } from './seasoned-account.js'
import type { VerifyFixInput } from './verify-fix.js'

export interface BlastRadiusInput extends VerifyFixInput {
  /** The declared policy, unchanged: the seasoned account answers for customers running it. */
  policy: DeclaredPolicy
}

interface Pending {
  change: DriftChange
  keys: string[]
  seasoned?: SeasonedAccount
}

/** Undefined when the run has no confirmed regression in a fresh account, nor one in a seasoned step. */
export async function measureBlastRadius(input: BlastRadiusInput): Promise<BlastRadiusFinding[] | undefined> {
  const regressions = freshRegressions(input.report, input.record)
  const seenSeasoned = await seasonedRegressions(input)
  if (regressions.length === 0 && seenSeasoned.length === 0) return undefined
  const progress = prefixedProgress(input.progress, 'blast-radius')
  const pending = regressions.length > 0 ? await withSeasonedAccounts(input, regressions) : []
  const findings: BlastRadiusFinding[] = [...seenSeasoned]
  for (const group of groupByAccountAndRegion(pending)) findings.push(...(await runInSeasoned(input, group, progress)))
  for (const item of pending.filter((p) => !p.seasoned)) findings.push(noSeasonedAccount(item))
  // The findings are said once, worded, in the run's summary (reporters/follow-up-section.ts).
  return findings
}

/**
 * The confirmed regressions a change at AWS may explain: one the declared policy's own edit or Deny explains,
 * or a guardrail's, is denied in every account alike, so who else AWS's change reaches is not the question.
 * A still-denied step has no cause of its own (only changes are attributed): its denial and fix say which.
 */
const awsRegressions = (report: Pick<DriftReport, 'changes'>): DriftChange[] =>
  confirmedRegressions(report).filter(
    (change) =>
      change.cause !== 'policy-change' &&
      change.cause !== 'guardrail' &&
      !change.blockedBy &&
      !comesFromGuardrail(change.to),
  )

function freshRegressions(
  report: Pick<DriftReport, 'changes'>,
  record: RunRecord,
): Array<{ change: DriftChange; result: StepResult }> {
  const results = new Map(record.results.map((result) => [stepKey(result), result]))
  return awsRegressions(report).flatMap((change) => {
    const result = results.get(stepKey(change))
    return result && ranFresh(result, record) ? [{ change, result }] : []
  })
}

/**
 * Confirmed regressions that ran in a seasoned account (pool runs) whose own use of the step's calls
 * predates the change: the run itself saw an existing customer denied, so they are "all accounts" now.
 */
async function seasonedRegressions(input: BlastRadiusInput): Promise<BlastRadiusFinding[]> {
  const results = new Map(input.record.results.map((result) => [stepKey(result), result]))
  const candidates = awsRegressions(input.report).flatMap((change) => {
    const result = results.get(stepKey(change))
    return result?.freshness === 'seasoned' && result.accountId ? [{ change, result, accountId: result.accountId }] : []
  })
  if (candidates.length === 0) return []
  const ledger = (await readAccountLedger(input.config.reportsDir)).accounts
  return candidates.flatMap(({ change, result, accountId }) => {
    const keys = stepFreshnessKeys(result)
    const seasoned = selfSeasoned(ledger, accountId, { keys, before: predatingChange(change, input.record) })
    if (!seasoned) return []
    return [
      {
        scenario: change.scenario,
        step: change.step,
        region: change.region,
        radius: 'all-accounts' as const,
        outcome: result.outcome.kind,
        accountId,
        seasonedSince: seasoned.since,
        reason: `denied in seasoned account ${accountId} itself, which has used ${operationsOf(keys)} since run ${seasoned.sinceRunId}, by the step's baseline run`,
      },
    ]
  })
}

/** A new regression's baseline run still allowed it; a still-denied one is bounded by when it was first denied. */
function predatingChange(change: DriftChange, record: RunRecord): { runId: string } | { time: string } {
  return change.change === 'regression' && change.baseline
    ? { runId: change.baseline.runId }
    : { time: change.since ?? record.startedAt }
}

/** Pool runs say per step (`freshness`); per-run records say it for their one account. */
function ranFresh(result: StepResult, record: RunRecord): boolean {
  if (result.freshness) return result.freshness === 'fresh'
  return record.account.fresh && !result.notFresh
}

async function withSeasonedAccounts(
  input: BlastRadiusInput,
  regressions: Array<{ change: DriftChange; result: StepResult }>,
): Promise<Pending[]> {
  const ledger = (await readAccountLedger(input.config.reportsDir)).accounts
  const kept = ledger.some((entry) => entry.status === 'kept' && entry.accountId !== input.record.account.id)
  // Only a kept account can be seasoned; the organization is asked which of them still exist.
  const open = kept ? await openAccounts(input) : new Set<string>()
  return regressions.map(({ change, result }) => {
    const keys = stepFreshnessKeys(result)
    const before = predatingChange(change, input.record)
    const exclude = result.accountId ?? input.record.account.id
    const seasoned = findSeasonedAccount(ledger, { keys, before, exclude, open })
    return { change, keys, ...(seasoned ? { seasoned } : {}) }
  })
}

async function openAccounts(input: BlastRadiusInput): Promise<Set<string>> {
  const { connectTarget } = await import('../runtime/provision.js')
  return activeAccountIds(await connectTarget(input.config, input.emulator))
}

function groupByAccountAndRegion(pending: Pending[]): Pending[][] {
  const groups = new Map<string, Pending[]>()
  for (const item of pending) {
    if (!item.seasoned) continue
    const key = `${item.seasoned.entry.accountId}@${item.change.region}`
    groups.set(key, [...(groups.get(key) ?? []), item])
  }
  return [...groups.values()]
}

async function runInSeasoned(
  input: BlastRadiusInput,
  group: Pending[],
  progress: ExecuteInput['progress'],
): Promise<BlastRadiusFinding[]> {
  const { execute } = await import('../runtime/execute.js')
  const { entry } = group[0]!.seasoned!
  const region = group[0]!.change.region
  const names = new Set(group.map((item) => item.change.scenario))
  progress.info(`re-running ${[...names].join(', ')} in ${region} in seasoned account ${entry.accountId}…`)
  const executed = await execute({
    config: {
      ...input.config,
      regions: [region],
      cloudTrailCapture: { enabled: false },
      // This one seasoned account, kept: not a pool plan, not a new account.
      accounts: { ...input.config.accounts, afterRun: 'keep', strategy: 'per-run' },
    },
    scenarios: input.scenarios.filter((loaded) => names.has(loaded.scenario.name)),
    policy: input.policy,
    runId: newRunId(),
    progress,
    signal: input.signal,
    emulator: input.emulator,
    heartbeatMs: input.heartbeatMs,
    releaseCheck: input.record.releaseCheck === true,
    account: {
      accountId: entry.accountId,
      createdAt: new Date(entry.createdAt),
      fresh: false,
      accountName: entry.accountName ?? '',
      email: entry.email ?? '',
    },
    probedSteps: new Set(group.map((item) => stepKey(item.change))),
  })
  const results = new Map(executed.results.map((result) => [stepKey(result), result]))
  return group.map((item) => judgeRadius(item, results.get(stepKey(item.change)), executed.failure?.message))
}

function judgeRadius(item: Pending, result: StepResult | undefined, failure?: string): BlastRadiusFinding {
  const { change, seasoned } = item
  const where = { scenario: change.scenario, step: change.step, region: change.region }
  const account = seasoned!.entry.accountId
  const used = `it has used ${operationsOf(item.keys)} since run ${seasoned!.sinceRunId}, by the step's baseline run`
  const base = { ...where, accountId: account, seasonedSince: seasoned!.since }
  const kind = result?.outcome.kind
  if (kind === 'allowed')
    return {
      ...base,
      radius: 'new-accounts-only',
      outcome: kind,
      reason: `allowed in seasoned account ${account} (${used})`,
    }
  if (kind === 'denied' && !result?.transientDenial)
    return {
      ...base,
      radius: 'all-accounts',
      outcome: kind,
      reason: `denied in seasoned account ${account} too (${used})`,
    }
  const why = failure ?? (result ? `${kind} there` : 'the step did not run there')
  return {
    ...base,
    radius: 'unknown',
    ...(kind ? { outcome: kind } : {}),
    reason: `seasoned account ${account} could not say: ${why}`,
  }
}

function noSeasonedAccount(item: Pending): BlastRadiusFinding {
  const { change } = item
  const what = item.keys.length > 0 ? operationsOf(item.keys) : 'the operation (the step recorded no call)'
  return {
    scenario: change.scenario,
    step: change.step,
    region: change.region,
    radius: 'unknown',
    reason:
      `no seasoned account: no account harness keeps open used ${what} by the step's baseline run. ` +
      'Keep accounts (accounts.afterRun: keep, or the pool) so one has; an account that starts using the operation ' +
      'now would not answer, since AWS exempts only accounts that used it before the change.',
  }
}

/**
 * Freshness keys without their region (`logs:CreateLogGroup+tags@us-east-1` → `logs:CreateLogGroup+tags`):
 * the finding names its region, and the same verdict in several regions is then said once (reporters).
 */
function operationsOf(keys: readonly string[]): string {
  return [...new Set(keys.map((key) => key.replace(/@[^@]*$/, '')))].join(', ')
}
