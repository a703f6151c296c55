/**
 * The effectful middle of a run: vend an account, bootstrap the harness role, make every region
 * ready (all at once, so a usable region never waits for one being enabled), run the scenarios per
 * region with bounded concurrency, and ALWAYS clean up (scenario resources, the role, the account).
 */

import { setMaxListeners } from 'node:events'
import { AccountVendingError } from '../accounts/vend.js'
import { AWS_CLOUDTRAIL_DELIVERY_WAIT_MS, captureTrail, isHarnessAdministrator } from '../capture/capture-trail.js'
import type { Progress } from '../cli/progress.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { type HarnessError, isHarnessError } from '../errors.js'
import type { RunRecord, StepResult, TrailCapture } from '../history/types.js'
import { classifyThrown } from '../outcomes/classify.js'
import { redactSecrets } from '../outcomes/redact.js'
import { CleanupRegistry } from './cleanup.js'
import type { LoadedScenario } from './collect.js'
import { reportProvisionEvent } from './events.js'
import { withHeartbeat } from './heartbeat.js'
import { checkInterrupt, untilInterrupted } from './interrupt.js'
import { createLimiter } from './limit.js'
import type { DeclaredPolicy } from './policy-file.js'
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
}

export const RUN_TAG_KEYS = { runId: 'harness:run-id', managedBy: 'harness:managed-by' } as const

export const REPROBE_DENIAL_AFTER_MS = 15_000

export function runTags(runId: string): Record<string, string> {
  return { [RUN_TAG_KEYS.runId]: runId, [RUN_TAG_KEYS.managedBy]: 'harness' }
}

function provisionContext(input: ExecuteInput): provision.ProvisionContext {
  return {
    runId: input.runId,
    signal: input.signal,
    onProgress: (event) => reportProvisionEvent(input.progress, event),
  }
}

export async function execute(input: ExecuteInput): Promise<ExecuteResult> {
  const { config, progress, signal } = input
  // Every region's waits listen for the interrupt at once; that is expected, not a leak.
  setMaxListeners(Math.max(10, config.regions.length * 4 + 10), signal)
  const ctx = provisionContext(input)
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
  try {
    target = await untilInterrupted(signal, provision.connectTarget(config, input.emulator))
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
    progress.info('role: creating the harness role with exactly the declared policy…')
    const role = {
      policyJson: input.policy.json,
      permissionsBoundary: config.permissionsBoundary,
      tags: runTags(input.runId),
    }
    await untilInterrupted(
      signal,
      withHeartbeat(
        provision.bootstrapRole(session, role, ctx),
        (waited) => progress.info(`role: still waiting for the role to be usable (IAM propagation, ${waited})…`),
        input.heartbeatMs,
      ),
    )
    await runAllRegions(input, session, cleanups, out)
    out.trail = await captureRunTrail(input, session, out)
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
    out.cleanupProblems = await teardown({
      config,
      runId: input.runId,
      progress,
      target,
      session,
      account: out.account,
      regions: out.regions,
      results: out.results,
      cleanups,
    })
  }
  return out
}

async function runAllRegions(
  input: ExecuteInput,
  session: provision.AccountSession,
  cleanups: CleanupRegistry,
  out: ExecuteResult,
): Promise<void> {
  const { config, progress, signal } = input
  const limit = createLimiter(config.concurrency)
  const ctx = provisionContext(input)
  const tags = runTags(input.runId)
  const nameToken = input.runId
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6)
    .toLowerCase()
  const perRegion = config.regions.map(async (region) => {
    const readiness = await withHeartbeat(
      provision.regionReadiness(session, region, ctx),
      (waited) => progress.region(region, `still waiting for the region to be usable (${waited})…`),
      input.heartbeatMs,
    )
    out.regions.push({
      name: region,
      optInStatus: readiness.optInStatus,
      enabledDuringRun: readiness.enabledDuringRun,
      ...(readiness.ready ? {} : { error: redactSecrets(readiness.error ?? 'region not ready') }),
    })
    if (!readiness.ready) progress.region(region, `region not ready: ${readiness.error ?? 'unknown reason'}`)
    return limit(() =>
      runRegion({
        region,
        scenarios: input.scenarios.map((loaded) => loaded.scenario),
        notReady: readiness.ready ? undefined : (readiness.error ?? 'region not ready'),
        admin: provision.clientFactory(session, region, 'admin'),
        classify: classifyThrown,
        onFactsProblem: (problems) => progress.region(region, `setup facts incomplete: ${problems.join('; ')}`),
        base: {
          runId: input.runId,
          nameToken,
          accountId: session.account.accountId,
          tags,
          launch: config.launch,
          minimal: provision.clientFactory(session, region, 'minimal'),
          signal,
          // The emulator's propagation is simulated exactly; real IAM gives no bound, so look twice there.
          reprobeDenialAfterMs: config.target === 'aws' ? REPROBE_DENIAL_AFTER_MS : undefined,
          denialProbes: input.denialProbes,
          onStep: (result) => {
            out.results.push(result)
            progress.step(result)
          },
          onCleanup: (r, scenario, fn) => cleanups.add(r, scenario, fn),
        },
      }),
    )
  })
  await Promise.all(perRegion)
  out.regions.sort((a, b) => config.regions.indexOf(a.name) - config.regions.indexOf(b.name))
  checkInterrupt(signal)
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

/** The emulator's own delivery delay (its realism knobs, scaled like every duration); on AWS the documented average. */
async function cloudTrailDeliveryWaitMs(input: ExecuteInput): Promise<number> {
  if (input.config.target !== 'local' || !input.emulator) return AWS_CLOUDTRAIL_DELIVERY_WAIT_MS
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
