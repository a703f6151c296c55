/**
 * The scenarios assigned to one account, region by region with bounded concurrency: each region waits
 * for its readiness, then runs its scenarios in worker threads while CloudTrail is asked whether the
 * scenarios planned fresh there were already used (prior-use-check.ts). Every step record says in which
 * account it ran and whether fresh or seasoned (and why not fresh).
 */
import type { FoundUse } from '../accounts/ledger.js'
import type { RunRecord, StepResult } from '../history/types.js'
import type { JournalEntry } from '../journal/types.js'
import { classifyThrown } from '../outcomes/classify.js'
import { redactSecrets } from '../outcomes/redact.js'
import type { CleanupRegistry } from './cleanup.js'
import { runContained } from './contained/run-contained.js'
import { prestartSets, ScenarioThreads } from './contained/worker-pool.js'
import type { ExecuteInput } from './execute.js'
import { lookupFacts } from './facts.js'
import { checkInterrupt } from './interrupt.js'
import { createLimiter } from './limit.js'
import { checkPriorUse, notFreshReason, type PriorUseByScenario } from './prior-use-check.js'
import * as provision from './provision.js'
import { runRegion } from './run-region.js'
import { runTags } from './run-tags.js'
import { denialProbesOn, reprobeDenialAfterMs } from './target-waits.js'
import type { Scenario } from './types.js'

/** One (scenario, region) to run in an account; `fresh`: the plan expects the account fresh for it there. */
export interface AccountAssignment {
  scenario: string
  region: string
  fresh: boolean
}

export interface AssignedRun {
  run: ExecuteInput
  session: provision.AccountSession
  assignments: readonly AccountAssignment[]
  readiness: Map<string, Promise<provision.RegionReadiness>>
  cleanups: CleanupRegistry
  out: { regions: RunRecord['regions']; results: StepResult[]; foundUsed?: FoundUse[] }
  ctx: provision.ProvisionContext
  /** Threads started while the account, role and regions were readied (prestartThreads); taken first. */
  warmThreads?: ScenarioThreads[]
  /** Filled as each region's scenarios finish (Date.now()): CloudTrail has its events that much sooner. */
  doneAt?: Map<string, number>
}

/**
 * A scenario thread costs over a second to start, and loading the scenario files with their SDK clients
 * about as much again: the first `concurrency` regions' threads start and load them while the account's
 * role and regions are readied (seconds of waiting), so they are warm when a region is ready.
 */
export function prestartThreads(
  run: ExecuteInput,
  assignments: readonly AccountAssignment[],
  regions: number,
): ScenarioThreads[] {
  const preload = run.scenarios
    .filter(({ scenario }) => assignments.some((a) => a.scenario === scenario.name))
    .map(({ file }) => file)
  return prestartSets(Math.min(run.config.concurrency, regions), preload)
}

export async function runAssignedRegions(input: AssignedRun): Promise<void> {
  const { run, out } = input
  const { config, signal } = run
  const limit = createLimiter(config.concurrency)
  const order = [...input.readiness.keys()]
  await Promise.all(order.map((region) => runOneRegion(input, region, limit)))
  out.regions.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))
  checkInterrupt(signal)
}

async function runOneRegion(input: AssignedRun, region: string, limit: ReturnType<typeof createLimiter>) {
  const { run, session, out, ctx } = input
  const { progress } = run
  const journal = (entry: JournalEntry) =>
    ctx.journal?.(entry).catch((error: Error) => progress.warn(`journal: ${error.message}`))
  const readiness = await (input.readiness.get(region) ?? provision.regionReadiness(session, region, ctx))
  out.regions.push({
    name: region,
    optInStatus: readiness.optInStatus,
    enabledDuringRun: readiness.enabledDuringRun,
    ...(readiness.ready ? {} : { error: redactSecrets(readiness.error ?? 'region not ready') }),
  })
  if (!readiness.ready) progress.region(region, `region not ready: ${readiness.error ?? 'unknown reason'}`)
  const mine = input.assignments.filter((a) => a.region === region)
  const scenarios = run.scenarios
    .map((loaded) => loaded.scenario)
    .filter((s) => mine.some((a) => a.scenario === s.name))
  // The region's setup (a few administrator calls) runs as soon as it is ready, before it waits for one of
  // the `concurrency` slots, which only its scenario threads need: a region that became ready with more
  // than `concurrency` others starts its steps as soon as a slot frees. Side by side with the CloudTrail
  // question, which neither they nor the steps can change (it asks for events before now, and CloudTrail
  // delivers minutes later): the setup facts and the minimal role's credentials.
  // Not for a region that will not start (the management credentials expire soon): checked again at its slot.
  const settingUp = readiness.ready && !(await pastDeadline(session.target, ctx.stopNewWorkAt))
  const admin = provision.clientFactory(session, region, 'admin')
  const facts = settingUp ? lookupFacts(admin) : undefined
  facts?.catch(() => undefined)
  if (settingUp) prefetchMinimalCredentials(session, region)
  // Only what the plan trusts as fresh is worth asking CloudTrail about.
  const trusted = scenarios.filter((s) => mine.find((a) => a.scenario === s.name)?.fresh)
  const priorUse =
    settingUp && trusted.length > 0
      ? checkPriorUse(session, region, trusted, progress)
      : Promise.resolve(new Map() as PriorUseByScenario)
  // The steps do not wait for CloudTrail's answer (one rate-limited lookup per operation: seconds on AWS).
  // Each is marked with the plan's word and reported at once, after the output that preceded it; what
  // CloudTrail finds overrules the plan in the record once the region is done, and the region's own line
  // says so as soon as it is known (prior-use-check.ts).
  const steps: StepResult[] = []
  const report = (result: StepResult) => {
    markFreshness(result, session.account.accountId, mine, NOTHING_FOUND)
    steps.push(result)
    out.results.push(result)
    progress.step(result)
  }
  return limit(async () => {
    const stopped = await pastDeadline(session.target, ctx.stopNewWorkAt)
    if (stopped) progress.region(region, stopped)
    // A warm thread if one is left; else started now.
    const threads = input.warmThreads?.pop() ?? new ScenarioThreads({ prestart: true })
    return runRegion({
      region,
      scenarios,
      notReady: stopped ?? (readiness.ready ? undefined : (readiness.error ?? 'region not ready')),
      admin,
      facts,
      classify: classifyThrown,
      runScenario: containedRunner(run, region, session, threads),
      onFactsProblem: (problems) => progress.region(region, `setup facts incomplete: ${problems.join('; ')}`),
      base: {
        runId: run.runId,
        nameToken: nameTokenOf(run.runId),
        accountId: session.account.accountId,
        tags: runTags(run.runId),
        launch: run.config.launch,
        minimal: provision.clientFactory(session, region, 'minimal'),
        signal: run.signal,
        stepTimeoutMs: run.config.limits.stepTimeoutMs,
        reprobeDenialAfterMs: reprobeDenialAfterMs(run, session.target),
        denialProbes: denialProbesOn(run, session.target),
        onStep: report,
        onCleanup: (r, scenario, fn, arns) => {
          const accountId = session.account.accountId
          for (const arn of arns) journal({ type: 'resource', accountId, region: r, scenario, arn })
          return input.cleanups.add(r, scenario, fn, arns)
        },
        onCleanedUp: (arns) => {
          for (const arn of arns) journal({ type: 'resource-deleted', arn })
        },
      },
    }).finally(async () => {
      input.doneAt?.set(region, Date.now())
      try {
        const prior = await priorUse
        for (const result of steps) markFreshness(result, session.account.accountId, mine, prior)
        for (const uses of prior.values()) out.foundUsed = [...(out.foundUsed ?? []), ...uses]
      } finally {
        await threads.close()
      }
    })
  })
}

/** The scenario's first call finds them ready; a failure is the step's to report, when it asks again. */
function prefetchMinimalCredentials(session: provision.AccountSession, region: string): void {
  try {
    session
      .minimalCredentials(region)()
      .catch(() => undefined)
  } catch {
    // No role yet: the scenario's own request says so.
  }
}

const NOTHING_FOUND: PriorUseByScenario = new Map()

/** In which account the step ran, and fresh or seasoned: the plan's word, overruled by CloudTrail's finds. */
function markFreshness(
  result: StepResult,
  accountId: string,
  assignments: readonly AccountAssignment[],
  prior: PriorUseByScenario,
): void {
  result.accountId = accountId
  const uses = prior.get(result.scenario)
  const planned = assignments.find((a) => a.scenario === result.scenario)
  if (uses) result.notFresh = notFreshReason(uses)
  else if (planned && !planned.fresh)
    result.notFresh = `seasoned: account ${accountId} has used this scenario's operations in ${result.region} before`
  result.freshness = result.notFresh ? 'seasoned' : 'fresh'
}

function nameTokenOf(runId: string): string {
  return runId
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6)
    .toLowerCase()
}

async function pastDeadline(target: provision.AwsTarget, stopAt: Date | undefined): Promise<string | undefined> {
  if (!stopAt) return undefined
  const now = target.now ? await target.now() : new Date()
  if (now.getTime() < stopAt.getTime()) return undefined
  return `not started: the management credentials expire soon and cannot be refreshed; the rest of the time is kept for cleanup`
}

/**
 * Each scenario runs in its own worker thread: a crash, process.exit, a promise that never settles or
 * a busy loop ends only that scenario (recorded as an error), and the run and Ctrl-C stay responsive.
 */
function containedRunner(
  run: ExecuteInput,
  region: string,
  session: provision.AccountSession,
  threads: ScenarioThreads,
): (scenario: Scenario, regionRun: Parameters<typeof runContained>[1], notReady?: string) => Promise<StepResult[]> {
  const files = new Map(run.scenarios.map((loaded) => [loaded.scenario, loaded.file]))
  const { limits } = run.config
  return (scenario, regionRun, notReady) =>
    runContained(scenario, regionRun, {
      notReady,
      file: files.get(scenario) as string,
      threads,
      endpoint: session.clientConfig(region, async () => ({ accessKeyId: '', secretAccessKey: '' })).endpoint,
      retryTimeScale: session.target.timeScale,
      admin: provision.clientFactory(session, region, 'admin'),
      deadlineMs: limits.scenarioDeadlineMs,
      windDownMs: limits.windDownMs,
    })
}
