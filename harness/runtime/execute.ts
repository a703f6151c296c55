/**
 * The effectful middle of a run. Per-run: vend one brand-new account and run everything in it
 * (run-in-account.ts). Pool: plan with the account ledger and run each (scenario, region) in the
 * account the plan assigns (execute-pool.ts). Either way cleanup ALWAYS runs.
 */

import { setMaxListeners } from 'node:events'
import { createRequire } from 'node:module'
import type { QuotaFacts } from '../accounts/quota.js'
import { AccountVendingError } from '../accounts/vend.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { type CredentialDeadline, readCredentialDeadline } from '../credentials/deadline.js'
import { type HarnessError, isHarnessError } from '../errors.js'
import type { PlanSummary, RunAccount } from '../history/types.js'
import { whileInProgress } from '../journal/active-runs.js'
import { RunJournal } from '../journal/journal.js'
import { CleanupRegistry } from './cleanup.js'
import type { LoadedScenario } from './collect.js'
import { prestartSets, type ScenarioThreads } from './contained/worker-pool.js'
import { provisionContext } from './events.js'
import { withHeartbeat } from './heartbeat.js'
import { untilInterrupted } from './interrupt.js'
import type { DeclaredPolicy } from './policy-file.js'
import * as provision from './provision.js'
import type { AccountRunResult } from './run-in-account.js'
import { teardown } from './teardown.js'
import type { Progress } from './types.js'

export { RUN_TAG_KEYS, runTags } from './run-tags.js'
export { REPROBE_DENIAL_AFTER_MS } from './target-waits.js'

/**
 * What runs in the account (role, regions, scenario threads, CloudTrail; the SDK clients of EC2, SSM,
 * ECR, Logs and CloudTrail among its imports, and those of IAM, Account and CloudTrail that the modules
 * before CreateAccount load at first use): loaded once CreateAccount is sent, while AWS creates the
 * account (at least 0.6 s on the emulator's fast profile, minutes on AWS), not before CreateAccount.
 */
const loadAccountRun = () => import('./run-in-account.js').then(loadAccountSdk)

const requireSdk = createRequire(import.meta.url)
function loadAccountSdk<T>(loaded: T): T {
  for (const client of ['@aws-sdk/client-iam', '@aws-sdk/client-account', '@aws-sdk/client-cloudtrail'])
    requireSdk(client)
  return loaded
}

export interface ExecuteInput {
  config: ResolvedConfig
  scenarios: LoadedScenario[]
  policy: DeclaredPolicy
  runId: string
  progress: Progress
  signal: AbortSignal
  emulator?: provision.EmulatorEndpoints
  /** How often long waits print "still waiting"; default HEARTBEAT_INTERVAL_MS (the CLI picks 10 s on a TTY). */
  heartbeatMs?: number
  /**
   * stepKey()s of steps allowed in their baseline: a denial of one is re-checked after each of
   * `config.denialProbeWaitsSeconds`, on the target's clock (target-waits.ts).
   */
  probedSteps?: ReadonlySet<string>
  /** Per-run: called once CreateAccount is sent, so the caller can load what it needs later while AWS creates the account. */
  onAccountRequested?: () => void
  /** Per-run only: run in this existing account instead of vending one (follow-up/: a seasoned account). */
  account?: provision.VendedAccount
  /** The target's answers asked for while the input was checked (connectAhead); asked here when absent. */
  ahead?: Promise<TargetAhead>
  /** A release check (store/release-check.ts): its fresh tests do not move the nightly's schedule. */
  releaseCheck?: boolean
}

/** What a run learns from its target before any account: asked read-only, so it can be asked early. */
export interface TargetAhead {
  target: provision.AwsTarget
  deadline: CredentialDeadline
  /** The organization's account count and quota (per-run runs: compared with the ledger before vending). */
  quota?: Promise<QuotaFacts>
}

/**
 * Connects to the target and asks who the management credentials are, until when they last and (per-run,
 * when `vending`) how many accounts the organization holds. Nothing is created or changed, so run-command.ts
 * starts this while the scenario files are still being checked and CreateAccount follows the checks at once. The
 * quota facts are compared with the ledger after the input checks (the history store may bring a newer
 * ledger); where a sweep comes first (it may close accounts), they are read after it instead.
 */
export async function connectAhead(
  config: ResolvedConfig,
  emulator: provision.EmulatorEndpoints | undefined,
  vending = true,
): Promise<TargetAhead> {
  const target = await provision.connectTarget(config, emulator)
  const perRun = vending && config.accounts.strategy === 'per-run'
  const quota = perRun && !sweptBeforeVending(target, emulator) ? provision.readQuotaFacts(target) : undefined
  // Its failure is reported where checkAccountQuota awaits it; the deadline is read meanwhile.
  quota?.catch(() => undefined)
  return { target, deadline: await readCredentialDeadline(target), quota }
}

/** One account's result (run-in-account.ts); a pool run adds every account it used and its plan. */
export interface ExecuteResult extends Omit<AccountRunResult, 'account'> {
  /** Per-run: the run's account. Pool: the first account used. */
  account?: provision.VendedAccount
  /** Pool runs: every account used and the plan's summary (run record). */
  poolAccounts?: RunAccount[]
  plan?: PlanSummary
}

export async function startJournal(
  input: ExecuteInput,
  name = input.runId,
  afterRun = input.config.accounts.afterRun,
  regions = input.config.regions,
): Promise<RunJournal> {
  const journal = await RunJournal.create(input.config.reportsDir, name)
  await journal.append({
    type: 'run-started',
    runId: input.runId,
    pid: process.pid,
    target: input.config.target,
    afterRun,
    regions,
  })
  return journal
}

/** The run's effects: the pool plan (accounts.strategy 'pool'), or one brand-new account ('per-run'). */
export async function execute(input: ExecuteInput): Promise<ExecuteResult> {
  // Every region's waits listen for the interrupt at once; that is expected, not a leak.
  setMaxListeners(Math.max(10, input.config.regions.length * 8 + 10), input.signal)
  // Another run in this process (its pre-sweep) leaves this one's journal alone meanwhile.
  return whileInProgress(input.runId, async () => {
    if (input.config.accounts.strategy === 'pool') {
      const { executePool } = await import('./execute-pool.js')
      return executePool(input)
    }
    return executePerRun(input)
  })
}

async function executePerRun(input: ExecuteInput): Promise<ExecuteResult> {
  const { config, progress, signal } = input
  const journal = await startJournal(input)
  const ctx = provisionContext(input, journal)
  // A CreateAccount request sent before a Ctrl-C still creates an account that no cleanup can see.
  let pendingAccountRequest: string | undefined
  let accountRun: ReturnType<typeof loadAccountRun> | undefined
  let warmThreads: ScenarioThreads[] | undefined
  const onProgress = ctx.onProgress
  ctx.onProgress = (event) => {
    if (event.type === 'account-requested') {
      pendingAccountRequest = event.requestId
      // Each thread loads tsx, the SDK clients and the scenario files (about a second of CPU) while AWS
      // creates the account. Started once it existed, they took the CPU from enabling the opt-in regions
      // (issue #13: `--region all` sent its first EnableRegion 80-130 ms after the account was seen).
      warmThreads = startThreadsEarly(input)
      accountRun = loadAccountRun()
      // A module that fails to load fails again where it is awaited below.
      accountRun.catch(() => undefined)
      input.onAccountRequested?.()
    }
    onProgress?.(event)
  }
  let target: provision.AwsTarget | undefined
  let account: provision.VendedAccount | undefined
  try {
    const ahead = await untilInterrupted(signal, input.ahead ?? connectAhead(config, input.emulator, !input.account))
    target = ahead.target
    if (!input.account) await untilInterrupted(signal, beforeVending(input, ahead))
    ctx.stopNewWorkAt = warnOfDeadline(input, ahead.deadline)
    account = input.account ?? (await vendWithHeartbeat(input, target, ctx))
  } catch (error) {
    // Provisioning failures become the run's verdict; interrupts and bugs propagate (after cleanup).
    const interrupted = !isHarnessError(error) || error.code === 'INTERRUPTED'
    if (interrupted && pendingAccountRequest && isHarnessError(error))
      progress.warn(accountLeftBy(pendingAccountRequest, input.emulator, target))
    // An account that exists despite the failure (e.g. the OU move failed) is still finished and recorded.
    const orphan = error instanceof AccountVendingError ? error.accountId : undefined
    const out: ExecuteResult = { regions: [], results: [], cleanupProblems: [] }
    if (orphan) out.account = { accountId: orphan, createdAt: new Date(), fresh: true, accountName: '', email: '' }
    // Threads started for the account wait as spares or end; they never keep the process alive.
    for (const threads of warmThreads ?? []) await threads.close()
    const cleanup = { regions: [], results: [], cleanups: new CleanupRegistry(), journal }
    const base = { config, runId: input.runId, progress, target, interrupted: signal.aborted }
    out.cleanupProblems = await teardown({ ...base, ...cleanup, account: out.account })
    if (interrupted) throw error
    out.failure = error as HarnessError
    return out
  }
  const { runInAccount } = await (accountRun ?? loadAccountRun())
  return runInAccount({ run: input, target, account, journal, ctx, warmThreads })
}

const fileOf = (loaded: LoadedScenario) => loaded.file

/** The account's scenario threads, or none when a thread cannot start now: runInAccount then starts them, where a failure is reported. */
function startThreadsEarly(input: ExecuteInput): ScenarioThreads[] | undefined {
  try {
    return prestartSets(Math.min(input.config.concurrency, input.config.regions.length), input.scenarios.map(fileOf))
  } catch {
    return undefined
  }
}

/** What becomes of the account a CreateAccount request sent before an interrupt creates. */
function accountLeftBy(
  requestId: string,
  emulator: provision.EmulatorEndpoints | undefined,
  target: provision.AwsTarget | undefined,
): string {
  const sent = `account: creation request ${requestId} was sent before the interrupt`
  if (target && !sweptBeforeVending(target, emulator))
    return `${sent}; the embedded emulator stops with this run, so no account remains`
  // The run journal names the request: the sweep looks it up and closes the account once it exists.
  const where = emulator?.external ? `the emulator at ${emulator.endpoint}` : 'AWS'
  return `${sent}; this run cannot close the account it creates: \`harness sweep --yes\` on the same target and reports directory (or the next run there, which sweeps first) finds it in the run journal and closes it once ${where} has created it`
}

/** Vends one brand-new member account, saying "still waiting" while AWS creates it. */
export function vendWithHeartbeat(
  input: ExecuteInput,
  target: provision.AwsTarget,
  ctx: provision.ProvisionContext,
): Promise<provision.VendedAccount> {
  input.progress.info(`account: vending a brand-new member account…`)
  return untilInterrupted(
    input.signal,
    withHeartbeat(
      provision.vend(target, input.config, ctx),
      (waited) => input.progress.info(`account: still waiting for the new account (${waited})…`),
      input.heartbeatMs,
    ),
  )
}

/**
 * Before a new account: sweep what earlier runs on this reports directory left (only where state
 * outlives a run: AWS or an external emulator), then check that the organization has a free slot.
 */
async function beforeVending(input: ExecuteInput, { target, quota }: TargetAhead): Promise<void> {
  await sweepEarlierRuns(input, target)
  await provision.checkAccountQuota(target, input.config, quota)
}

/** Where state outlives a run (AWS, an external emulator): what earlier runs left is swept first. */
export async function sweepEarlierRuns(input: ExecuteInput, target: provision.AwsTarget): Promise<void> {
  if (!sweptBeforeVending(target, input.emulator)) return
  const { sweep } = await import('../sweep/sweep.js')
  const result = await sweep({
    target,
    reportsDir: input.config.reportsDir,
    yes: true,
    say: (line) => input.progress.info(line),
    signal: input.signal,
    exceptRunId: input.runId,
    naming: input.config.accounts,
  })
  if (result.problems.length > 0)
    input.progress.warn(`pre-sweep left ${result.problems.length} thing(s); see harness sweep`)
}

/** Where state outlives a run (AWS, an external emulator), a run sweeps first; the quota is read after it. */
const sweptBeforeVending = (target: provision.AwsTarget, emulator: provision.EmulatorEndpoints | undefined) =>
  target.kind === 'aws' || Boolean(emulator?.external)

/** Says when unrefreshable management credentials force new work to stop, and returns that instant. */
export function warnOfDeadline(input: ExecuteInput, deadline: CredentialDeadline): Date | undefined {
  if (deadline.stopNewWorkAt && deadline.expiresAt)
    input.progress.warn(
      `management credentials expire at ${deadline.expiresAt.toISOString()} and cannot be refreshed: no new region starts after ${deadline.stopNewWorkAt.toISOString()}, so cleanup and closing the account still fit. Ask for a longer session (e.g. role-duration-seconds) to test more.`,
    )
  return deadline.stopNewWorkAt
}
