/**
 * runInAccount: "run these (scenario, region) assignments in this account with this policy". Opens a
 * session through OrganizationAccountAccessRole, makes only the assigned regions usable (alongside
 * the role bootstrap), creates the harness role with exactly the declared policy, checks CloudTrail
 * before trusting the account as fresh, runs each region's assigned scenarios, and ALWAYS cleans up
 * (scenario resources, the role; then the account is kept or closed and its use goes to the ledger).
 * Per-run vending, the pool, blast radius and --verify-fix all run their steps through it.
 */
import type { FoundUse } from '../accounts/ledger.js'
import { captureTrail, isHarnessAdministrator } from '../capture/capture-trail.js'
import { type HarnessError, isHarnessError } from '../errors.js'
import type { RunRecord, StepResult, TrailCapture } from '../history/types.js'
import { RunJournal } from '../journal/journal.js'
import { CleanupRegistry } from './cleanup.js'
import type { ScenarioThreads } from './contained/worker-pool.js'
import { scenariosDone } from './contained/worker-pool.js'
import { provisionContext } from './events.js'
import type { ExecuteInput } from './execute.js'
import { withHeartbeat } from './heartbeat.js'
import { checkInterrupt, untilInterrupted } from './interrupt.js'
import * as provision from './provision.js'
import { replayDateOf } from './replay-date.js'
import { type AccountAssignment, prestartThreads, runAssignedRegions } from './run-assigned.js'
import { runTags } from './run-tags.js'
import { cloudTrailDeliveryWaitMs, cloudTrailPageIntervalMs } from './target-waits.js'
import { teardown } from './teardown.js'

export type { AccountAssignment }
export { provisionContext }

export interface RunInAccountInput {
  /** The run: config, scenarios (every assigned scenario must be among them), policy, run id, progress, signal. */
  run: ExecuteInput
  target: provision.AwsTarget
  /** Already vended (per-run, pool) or pooled. */
  account: provision.VendedAccount
  /** What to run here; default every scenario in every configured region, fresh as the account is. */
  assignments?: AccountAssignment[]
  /** After cleanup: keep the account open (pool) or close it; default the config's accounts.afterRun. */
  afterRun?: 'keep' | 'close'
  /** The run journal that already holds this account; default a new one, `<runId>--<accountId>`. */
  journal?: RunJournal
  /** Set by execute(): the provisioning context (journal, progress, credential deadline) it already built. */
  ctx?: provision.ProvisionContext
  /** Scenario threads started already (execute() starts them while AWS creates the account); default started here. */
  warmThreads?: ScenarioThreads[]
}

export interface AccountRunResult {
  account: provision.VendedAccount
  regions: RunRecord['regions']
  results: StepResult[]
  /** A provisioning failure in the account (role bootstrap; exit 3), reported after cleanup. */
  failure?: HarnessError
  trail?: TrailCapture
  cleanupProblems: string[]
  /** What CloudTrail showed already used before this run (so not fresh for it). */
  foundUsed?: FoundUse[]
}

/** Interrupts (INTERRUPTED) and bugs propagate after cleanup; provisioning failures come back as `failure`. */
export async function runInAccount(input: RunInAccountInput): Promise<AccountRunResult> {
  const { run, account } = input
  const { config, progress, signal } = run
  const afterRun = input.afterRun ?? config.accounts.afterRun
  const assignments = input.assignments ?? everyPair(run, account.fresh)
  const journal = input.journal ?? (await accountJournal(run, account, afterRun, assignments))
  const ctx = input.ctx ?? provisionContext(run, journal)
  const out: AccountRunResult = { account, regions: [], results: [], cleanupProblems: [] }
  const cleanups = new CleanupRegistry()
  let session: provision.AccountSession | undefined
  let bootstrapping: Promise<void> | undefined
  let warmThreads = input.warmThreads ?? []
  try {
    session = provision.openSession(input.target, account, ctx)
    const regions = regionsOf(assignments, config.regions)
    // Enabling regions needs only management credentials: it runs alongside the role bootstrap.
    const readiness = startRegionReadiness(run, session, regions, ctx)
    if (!input.warmThreads) warmThreads = prestartThreads(run, assignments, regions.length)
    const policyLabel = run.policy.label ?? 'the declared policy'
    progress.info(`role: creating the harness role in ${account.accountId} with exactly ${policyLabel}…`)
    const role = {
      policyJson: run.policy.json,
      permissionsBoundary: config.permissionsBoundary,
      tags: runTags(run.runId),
    }
    bootstrapping = provision.bootstrapRole(session, role, ctx)
    await untilInterrupted(
      signal,
      withHeartbeat(
        bootstrapping,
        (waited) => progress.info(`role: still waiting for the role to be usable (IAM propagation, ${waited})…`),
        run.heartbeatMs,
      ),
    )
    const doneAt = new Map<string, number>()
    await runAssignedRegions({ run, session, assignments, readiness, cleanups, out, ctx, warmThreads, doneAt })
    // Threads no region took: spare before CloudTrail's wait, which may end them (worker-pool.ts scenariosDone).
    for (const threads of warmThreads.splice(0)) await threads.close()
    if (config.cloudTrailCapture.enabled) out.trail = await captureRunTrail(run, session, out, doneAt)
    // Ctrl-C during CloudTrail's delivery wait (minutes on AWS) ends the capture early: still an interrupted run.
    checkInterrupt(signal)
  } catch (error) {
    if (!isHarnessError(error) || error.code === 'INTERRUPTED') throw error
    out.failure = error
  } finally {
    // An abandoned bootstrap stops at its next step; let it, so nothing it creates lands after cleanup.
    await bootstrapping?.catch(() => undefined)
    // Threads no region took (a failed bootstrap) wait as spares or end; they never keep the process alive.
    for (const threads of warmThreads.splice(0)) await threads.close()
    out.cleanupProblems = await teardown({
      config,
      runId: run.runId,
      progress,
      target: input.target,
      session,
      account,
      afterRun,
      regions: out.regions,
      results: out.results,
      foundUsed: out.foundUsed,
      cleanups,
      journal,
      interrupted: signal.aborted,
      releaseCheck: run.releaseCheck,
      replay: replayDateOf(run.config, run.emulator) !== undefined,
    })
  }
  return out
}

function everyPair(run: ExecuteInput, fresh: boolean): AccountAssignment[] {
  return run.config.regions.flatMap((region) =>
    run.scenarios.map(({ scenario }) => ({ scenario: scenario.name, region, fresh })),
  )
}

/** The assigned regions, in the configured order. */
function regionsOf(assignments: readonly AccountAssignment[], configured: readonly string[]): string[] {
  const wanted = new Set(assignments.map((a) => a.region))
  return [...configured.filter((r) => wanted.has(r)), ...[...wanted].filter((r) => !configured.includes(r))]
}

/** A journal of its own for an account this run did not vend (a pooled one): the sweep finds what it leaves. */
async function accountJournal(
  run: ExecuteInput,
  account: provision.VendedAccount,
  afterRun: 'keep' | 'close',
  assignments: readonly AccountAssignment[],
): Promise<RunJournal> {
  const journal = await RunJournal.create(run.config.reportsDir, `${run.runId}--${account.accountId}`)
  await journal.append({
    type: 'run-started',
    runId: run.runId,
    pid: process.pid,
    target: run.config.target,
    afterRun,
    regions: regionsOf(assignments, run.config.regions),
  })
  await journal.append({ type: 'account-created', accountId: account.accountId })
  return journal
}

/** Starts making each region usable at once; never rejects (a failed region is reported not ready). */
function startRegionReadiness(
  run: ExecuteInput,
  session: provision.AccountSession,
  regions: string[],
  ctx: provision.ProvisionContext,
): Map<string, Promise<provision.RegionReadiness>> {
  return new Map(
    regions.map((region) => [
      region,
      withHeartbeat(
        provision.regionReadiness(session, region, ctx),
        (waited) => run.progress.region(region, `still waiting for the region to be usable (${waited})…`),
        run.heartbeatMs,
      ),
    ]),
  )
}

/** Before teardown: CloudTrail of every region that became ready, since the account's creation. */
async function captureRunTrail(
  run: ExecuteInput,
  session: provision.AccountSession,
  out: AccountRunResult,
  doneAt: ReadonlyMap<string, number>,
): Promise<TrailCapture> {
  const regions = out.regions.filter((region) => !region.error).map((region) => region.name)
  scenariosDone()
  const deliveryWaitMs = await cloudTrailDeliveryWaitMs(run, session.target)
  run.progress.info(
    `cloudtrail: waiting ${formatWait(deliveryWaitMs)} for CloudTrail to deliver the run's events, then looking up denied calls in ${regions.length} region(s)…`,
  )
  const trail = await captureTrail({
    deliveryWaitMs,
    pageIntervalMs: cloudTrailPageIntervalMs(session.target),
    signal: run.signal,
    regions,
    since: out.account.createdAt,
    // A region's events are delivered a wait after its own calls ended; the global services' (IAM, STS's
    // global endpoint) land in us-east-1, which waits for the last region's.
    doneAt: (region) => (region === GLOBAL_EVENTS_REGION ? undefined : doneAt.get(region)),
    admin: (region) => provision.clientFactory(session, region, 'admin'),
    ignorePrincipal: isHarnessAdministrator,
  })
  for (const problem of trail.problems) run.progress.warn(`cloudtrail: ${problem}`)
  const invoked = trail.denials.filter((denial) => denial.invokedBy).length
  if (trail.denials.length > 0)
    run.progress.info(
      `cloudtrail: ${trail.denials.length} denied call(s)${invoked > 0 ? `, ${invoked} made by AWS services for the run` : ''} (run record: trail)`,
    )
  return trail
}

/** Where CloudTrail records the global services' events (IAM, STS's global endpoint, Organizations). */
const GLOBAL_EVENTS_REGION = 'us-east-1'

function formatWait(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 1000).toFixed(1)} s`
}
