/**
 * The effectful middle of a run: vend an account, bootstrap the harness role, make every region
 * ready (all at once, so a usable region never waits for one being enabled), run the scenarios per
 * region with bounded concurrency, and ALWAYS clean up (scenario resources, the role, the account).
 */

import { setMaxListeners } from 'node:events'
import type { FoundUse } from '../accounts/ledger.js'
import { AccountVendingError } from '../accounts/vend.js'
import { AWS_CLOUDTRAIL_DELIVERY_WAIT_MS, captureTrail, isHarnessAdministrator } from '../capture/capture-trail.js'
import type { Progress } from '../cli/progress.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { readCredentialDeadline } from '../credentials/deadline.js'
import { type HarnessError, isHarnessError } from '../errors.js'
import type { RunRecord, StepResult, TrailCapture } from '../history/types.js'
import { RunJournal } from '../journal/journal.js'
import { classifyThrown } from '../outcomes/classify.js'
import { redactSecrets } from '../outcomes/redact.js'
import { CleanupRegistry } from './cleanup.js'
import type { LoadedScenario } from './collect.js'
import { runContained } from './contained/run-contained.js'
import { ScenarioThreads } from './contained/worker-pool.js'
import { reportProvisionEvent } from './events.js'
import { withHeartbeat } from './heartbeat.js'
import { checkInterrupt, untilInterrupted } from './interrupt.js'
import { createLimiter } from './limit.js'
import type { DeclaredPolicy } from './policy-file.js'
import { checkPriorUse, notFreshReason, type PriorUseByScenario } from './prior-use-check.js'
import * as provision from './provision.js'
import { runRegion } from './run-region.js'
import type { DenialProbes } from './scenario-context.js'
import { teardown } from './teardown.js'

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
  /** Steps allowed in their baseline, and how long to wait before each re-check of a denial of one. */
  denialProbes?: DenialProbes
}

export interface ExecuteResult {
  account?: provision.VendedAccount
  regions: RunRecord['regions']
  results: StepResult[]
  /** A provisioning failure of the whole account (exit 3), reported after cleanup. */
  failure?: HarnessError
  /** Denied calls CloudTrail recorded in the account during the run (capture/). */
  trail?: TrailCapture
  cleanupProblems: string[]
  /** What CloudTrail showed the account had already used before this run (so not fresh for it). */
  foundUsed?: FoundUse[]
}

export const RUN_TAG_KEYS = { runId: 'harness:run-id', managedBy: 'harness:managed-by' } as const

export const REPROBE_DENIAL_AFTER_MS = 15_000

export function runTags(runId: string): Record<string, string> {
  return { [RUN_TAG_KEYS.runId]: runId, [RUN_TAG_KEYS.managedBy]: 'harness' }
}

function provisionContext(input: ExecuteInput, journal?: RunJournal): provision.ProvisionContext {
  return {
    runId: input.runId,
    signal: input.signal,
    onProgress: (event) => reportProvisionEvent(input.progress, event),
    journal: journal && ((entry) => journal.append(entry)),
  }
}

async function startJournal(input: ExecuteInput): Promise<RunJournal> {
  const journal = await RunJournal.create(input.config.reportsDir, input.runId)
  await journal.append({
    type: 'run-started',
    runId: input.runId,
    pid: process.pid,
    target: input.config.target,
    afterRun: input.config.accounts.afterRun,
    regions: input.config.regions,
  })
  return journal
}

export async function execute(input: ExecuteInput): Promise<ExecuteResult> {
  const { config, progress, signal } = input
  // Every region's waits listen for the interrupt at once; that is expected, not a leak.
  setMaxListeners(Math.max(10, config.regions.length * 4 + 10), signal)
  const journal = await startJournal(input)
  const ctx = provisionContext(input, journal)
  // A CreateAccount request sent before a Ctrl-C still creates an account that no cleanup can see.
  let pendingAccountRequest: string | undefined
  const onProgress = ctx.onProgress
  ctx.onProgress = (event) => {
    if (event.type === 'account-requested') pendingAccountRequest = event.requestId
    onProgress?.(event)
  }
  const out: ExecuteResult = { regions: [], results: [], cleanupProblems: [] }
  const cleanups = new CleanupRegistry()
  let target: provision.AwsTarget | undefined
  let session: provision.AccountSession | undefined
  let bootstrapping: Promise<void> | undefined
  try {
    target = await untilInterrupted(signal, provision.connectTarget(config, input.emulator))
    await untilInterrupted(signal, beforeVending(input, target))
    ctx.stopNewWorkAt = await credentialDeadline(input, target)
    if (config.accounts.strategy === 'pool')
      progress.warn(
        'accounts.strategy pool: harness run does not execute pool plans yet (see harness plan); vending one account',
      )
    progress.info(`account: vending a brand-new member account…`)
    const vending = provision.vend(target, config, ctx)
    out.account = await untilInterrupted(
      signal,
      withHeartbeat(
        vending,
        (waited) => progress.info(`account: still waiting for the new account (${waited})…`),
        input.heartbeatMs,
      ),
    )
    session = provision.openSession(target, out.account, ctx)
    // Enabling regions needs only management credentials: it runs alongside the role bootstrap.
    const readiness = startRegionReadiness(input, session, ctx)
    progress.info('role: creating the harness role with exactly the declared policy…')
    const role = {
      policyJson: input.policy.json,
      permissionsBoundary: config.permissionsBoundary,
      tags: runTags(input.runId),
    }
    bootstrapping = provision.bootstrapRole(session, role, ctx)
    await untilInterrupted(
      signal,
      withHeartbeat(
        bootstrapping,
        (waited) => progress.info(`role: still waiting for the role to be usable (IAM propagation, ${waited})…`),
        input.heartbeatMs,
      ),
    )
    await runAllRegions(input, session, readiness, cleanups, out, ctx)
    if (input.config.cloudTrailCapture.enabled) out.trail = await captureRunTrail(input, session, out)
  } catch (error) {
    // Provisioning failures become the run's verdict; interrupts and bugs propagate (after cleanup).
    if (isHarnessError(error) && error.code === 'INTERRUPTED' && !out.account && pendingAccountRequest) {
      progress.warn(
        `account: creation request ${pendingAccountRequest} was sent before the interrupt; the account it creates is not closed by this run — look it up with DescribeCreateAccountStatus and close it in AWS Organizations`,
      )
    }
    if (!isHarnessError(error) || error.code === 'INTERRUPTED') throw error
    out.failure = error
    // An account that exists despite the failure (e.g. the OU move failed) is still finished and recorded.
    const orphan = error instanceof AccountVendingError ? error.accountId : undefined
    if (!out.account && orphan)
      out.account = { accountId: orphan, createdAt: new Date(), fresh: true, accountName: '', email: '' }
  } finally {
    // An abandoned bootstrap stops at its next step; let it, so nothing it creates lands after cleanup.
    await bootstrapping?.catch(() => undefined)
    out.cleanupProblems = await teardown({
      config,
      runId: input.runId,
      progress,
      target,
      session,
      account: out.account,
      regions: out.regions,
      results: out.results,
      foundUsed: out.foundUsed,
      cleanups,
      journal,
      interrupted: signal.aborted,
    })
  }
  return out
}

/** Starts making every region usable at once; never rejects (a failed region is reported not ready). */
function startRegionReadiness(
  input: ExecuteInput,
  session: provision.AccountSession,
  ctx: provision.ProvisionContext,
): Map<string, Promise<provision.RegionReadiness>> {
  return new Map(
    input.config.regions.map((region) => [
      region,
      withHeartbeat(
        provision.regionReadiness(session, region, ctx),
        (waited) => input.progress.region(region, `still waiting for the region to be usable (${waited})…`),
        input.heartbeatMs,
      ),
    ]),
  )
}

async function runAllRegions(
  input: ExecuteInput,
  session: provision.AccountSession,
  readinessByRegion: Map<string, Promise<provision.RegionReadiness>>,
  cleanups: CleanupRegistry,
  out: ExecuteResult,
  ctx: provision.ProvisionContext,
): Promise<void> {
  const { config, progress, signal } = input
  const limit = createLimiter(config.concurrency)
  const tags = runTags(input.runId)
  const nameToken = input.runId
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6)
    .toLowerCase()
  const perRegion = config.regions.map(async (region) => {
    const readiness = await (readinessByRegion.get(region) ?? provision.regionReadiness(session, region, ctx))
    out.regions.push({
      name: region,
      optInStatus: readiness.optInStatus,
      enabledDuringRun: readiness.enabledDuringRun,
      ...(readiness.ready ? {} : { error: redactSecrets(readiness.error ?? 'region not ready') }),
    })
    if (!readiness.ready) progress.region(region, `region not ready: ${readiness.error ?? 'unknown reason'}`)
    return limit(async () => {
      const stopped = await pastDeadline(session.target, ctx.stopNewWorkAt)
      if (stopped) progress.region(region, stopped)
      // Started now, the region's first thread loads while the setup facts are looked up.
      const threads = new ScenarioThreads({ prestart: true })
      const scenarios = input.scenarios.map((loaded) => loaded.scenario)
      const prior =
        readiness.ready && !stopped
          ? await checkPriorUse(session, region, scenarios, progress)
          : (new Map() as PriorUseByScenario)
      for (const uses of prior.values()) out.foundUsed = [...(out.foundUsed ?? []), ...uses]
      return runRegion({
        region,
        scenarios: input.scenarios.map((loaded) => loaded.scenario),
        notReady: stopped ?? (readiness.ready ? undefined : (readiness.error ?? 'region not ready')),
        admin: provision.clientFactory(session, region, 'admin'),
        classify: classifyThrown,
        runScenario: containedRunner(input, region, session, threads),
        onFactsProblem: (problems) => progress.region(region, `setup facts incomplete: ${problems.join('; ')}`),
        base: {
          runId: input.runId,
          nameToken,
          accountId: session.account.accountId,
          tags,
          launch: config.launch,
          minimal: provision.clientFactory(session, region, 'minimal'),
          signal,
          stepTimeoutMs: config.limits.stepTimeoutMs,
          // The emulator's propagation is simulated exactly; real IAM gives no bound, so look twice there.
          reprobeDenialAfterMs: config.target === 'aws' ? REPROBE_DENIAL_AFTER_MS : undefined,
          denialProbes: input.denialProbes,
          onStep: (result) => {
            const uses = prior.get(result.scenario)
            if (uses) result.notFresh = notFreshReason(uses)
            out.results.push(result)
            progress.step(result)
          },
          onCleanup: (r, scenario, fn, arns) => {
            cleanups.add(r, scenario, fn, arns)
            const accountId = session.account.accountId
            for (const arn of arns)
              ctx
                .journal?.({ type: 'resource', accountId, region: r, scenario, arn })
                .catch((error: Error) => progress.warn(`journal: ${error.message}`))
          },
        },
      }).finally(() => threads.close())
    })
  })
  await Promise.all(perRegion)
  out.regions.sort((a, b) => config.regions.indexOf(a.name) - config.regions.indexOf(b.name))
  checkInterrupt(signal)
}

/**
 * Before a new account: sweep what earlier runs on this reports directory left (only where state
 * outlives a run: AWS or an external emulator), then check that the organization has a free slot.
 */
async function beforeVending(input: ExecuteInput, target: provision.AwsTarget): Promise<void> {
  const { progress, config } = input
  if (target.kind === 'aws' || input.emulator?.external) {
    const { sweep } = await import('../sweep/sweep.js')
    const result = await sweep({
      target,
      reportsDir: config.reportsDir,
      yes: true,
      say: (line) => progress.info(line),
      signal: input.signal,
      exceptRunId: input.runId,
    })
    if (result.problems.length > 0)
      progress.warn(`pre-sweep left ${result.problems.length} thing(s); see harness sweep`)
  }
  await provision.checkAccountQuota(target, config)
}

/** Says when unrefreshable management credentials force new work to stop, and returns that instant. */
async function credentialDeadline(input: ExecuteInput, target: provision.AwsTarget): Promise<Date | undefined> {
  const deadline = await readCredentialDeadline(target)
  if (deadline.stopNewWorkAt && deadline.expiresAt)
    input.progress.warn(
      `management credentials expire at ${deadline.expiresAt.toISOString()} and cannot be refreshed: no new region starts after ${deadline.stopNewWorkAt.toISOString()}, so cleanup and closing the account still fit. Ask for a longer session (e.g. role-duration-seconds) to test more.`,
    )
  return deadline.stopNewWorkAt
}

async function pastDeadline(target: provision.AwsTarget, stopAt: Date | undefined): Promise<string | undefined> {
  if (!stopAt) return undefined
  const now = target.now ? await target.now() : new Date()
  if (now.getTime() < stopAt.getTime()) return undefined
  return `not started: the management credentials expire soon and cannot be refreshed; the rest of the time is kept for cleanup`
}

/** Before teardown closes the account: CloudTrail of every region that became ready, since the account's creation. */
async function captureRunTrail(
  input: ExecuteInput,
  session: provision.AccountSession,
  out: ExecuteResult,
): Promise<TrailCapture> {
  const regions = out.regions.filter((region) => !region.error).map((region) => region.name)
  const deliveryWaitMs = await cloudTrailDeliveryWaitMs(input)
  input.progress.info(
    `cloudtrail: waiting ${formatWait(deliveryWaitMs)} for CloudTrail to deliver the run's events, then looking up denied calls in ${regions.length} region(s)…`,
  )
  const trail = await captureTrail({
    deliveryWaitMs,
    signal: input.signal,
    regions,
    since: out.account?.createdAt ?? new Date(),
    admin: (region) => provision.clientFactory(session, region, 'admin'),
    ignorePrincipal: isHarnessAdministrator,
  })
  for (const problem of trail.problems) input.progress.warn(`cloudtrail: ${problem}`)
  const invoked = trail.denials.filter((denial) => denial.invokedBy).length
  if (trail.denials.length > 0)
    input.progress.info(
      `cloudtrail: ${trail.denials.length} denied call(s)${invoked > 0 ? `, ${invoked} made by AWS services for the run` : ''} (run record: trail)`,
    )
  return trail
}

/**
 * The emulator's own delivery delay (its realism knobs, scaled like every duration); on AWS the configured
 * wait, else the documented average.
 */
async function cloudTrailDeliveryWaitMs(input: ExecuteInput): Promise<number> {
  if (input.config.target !== 'local' || !input.emulator) {
    const configured = input.config.cloudTrailCapture.waitSeconds
    return configured === undefined ? AWS_CLOUDTRAIL_DELIVERY_WAIT_MS : configured * 1000
  }
  try {
    const response = await fetch(`${input.emulator.endpoint}/_emulator/config`)
    const { durations } = (await response.json()) as { durations: { cloudTrailDeliveryMs?: number } }
    return (
      Math.ceil((durations.cloudTrailDeliveryMs ?? AWS_CLOUDTRAIL_DELIVERY_WAIT_MS) * input.config.emulator.timeScale) +
      1
    )
  } catch {
    return Math.ceil(AWS_CLOUDTRAIL_DELIVERY_WAIT_MS * input.config.emulator.timeScale) + 1
  }
}

function formatWait(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${(ms / 1000).toFixed(1)} s`
}

/**
 * Each scenario runs in its own worker thread: a crash, process.exit, a promise that never settles or
 * a busy loop ends only that scenario (recorded as an error), and the run and Ctrl-C stay responsive.
 */
function containedRunner(
  input: ExecuteInput,
  region: string,
  session: provision.AccountSession,
  threads: ScenarioThreads,
): NonNullable<Parameters<typeof runRegion>[0]['runScenario']> {
  const files = new Map(input.scenarios.map((loaded) => [loaded.scenario, loaded.file]))
  const { limits } = input.config
  return (scenario, run, notReady) =>
    runContained(scenario, run, {
      notReady,
      file: files.get(scenario) as string,
      threads,
      endpoint: session.clientConfig(region, async () => ({ accessKeyId: '', secretAccessKey: '' })).endpoint,
      admin: provision.clientFactory(session, region, 'admin'),
      deadlineMs: limits.scenarioDeadlineMs,
    })
}
