/**
 * Builds the ScenarioContext one scenario gets in one region and records its steps. step() never
 * throws for the call: a thrown AWS error becomes an Outcome (classified), a step whose dependency was not
 * allowed is recorded as skipped, and after an interrupt no new call starts. Only a step the record cannot
 * hold (a repeated or empty name, an unknown option) throws, before its call: see step-misuse.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { stepKey } from '../history/diff-keys.js'
import type { ProbeAttempt, StepResult } from '../history/types.js'
import type { Outcome } from '../outcomes/types.js'
import type { StepCall } from '../policy/predict.js'
import { recordingCalls } from './step-calls.js'
import { assertUsableStep, type StepMisuseError } from './step-misuse.js'
import type { CleanupFn, ClientFactory, ScenarioContext, ScenarioFacts, StepOptions, StepReport } from './types.js'

export type ClassifyFn = (error: unknown, durationMs: number) => Outcome

export interface RegionRun {
  runId: string
  /** Short lowercase token unique to the run, used in resource names. */
  nameToken: string
  region: string
  accountId: string
  tags: Record<string, string>
  launch: boolean
  facts: ScenarioFacts
  minimal: ClientFactory
  classify: ClassifyFn
  signal: AbortSignal
  /** Real AWS only: retry a denied step once after this delay, in case the denial was IAM propagation. */
  reprobeDenialAfterMs?: number
  /** Steps allowed in their baseline: a denial is re-checked after each of these waits before it counts. */
  denialProbes?: DenialProbes
  /** Default STEP_TIMEOUT_MS. */
  stepTimeoutMs?: number
  /** Adds what EC2's encoded denial message says, while the account still exists (decode-denial.ts). */
  decodeDenial?: (outcome: Outcome) => Promise<Outcome>
  onStep(result: StepResult): void
  /** May return what forgets the cleanup again, once it is known to be done. */
  onCleanup(region: string, scenario: string, fn: CleanupFn, arns: string[]): () => void
  /** A contained scenario's own cleanup removed these as it ended: the journal says so before teardown. */
  onCleanedUp?(arns: string[]): void
}

export interface DenialProbes {
  /** Already scaled to the target's clock. */
  waitsMs: number[]
  /** stepKey()s of steps whose baseline is allowed. */
  steps: ReadonlySet<string>
}

export interface ScenarioRecorder {
  context: ScenarioContext
  results: StepResult[]
  /** The first step() refused (step-misuse.ts), even if the scenario caught it: the run cannot pass. */
  refused(): StepMisuseError | undefined
}

/** A step that never settles would hang the whole run with no output; after this long it is an error. */
export const STEP_TIMEOUT_MS = 10 * 60_000

async function attemptCall<T>(
  fn: () => Promise<T>,
  classify: ClassifyFn,
  timeoutMs: number,
): Promise<{ outcome: Outcome; value?: T }> {
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  const call = (async () => {
    try {
      const value = await fn()
      return { outcome: { kind: 'allowed', durationMs: elapsed() } as Outcome, value }
    } catch (error) {
      return { outcome: classify(error, elapsed()) }
    }
  })()
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<{ outcome: Outcome }>((resolve) => {
    timer = setTimeout(() => {
      const message = `step did not finish within ${Math.round(timeoutMs / 1000)} s (a promise that never settles?)`
      resolve({ outcome: { kind: 'error', errorName: 'StepTimeout', message, durationMs: elapsed() } })
    }, timeoutMs)
  })
  try {
    return await Promise.race([call, timedOut])
  } finally {
    clearTimeout(timer)
  }
}

const dedupeCalls = (calls: StepCall[]): StepCall[] => [
  ...new Map(calls.map((call) => [`${call.action}|${call.withTags}`, call])).values(),
]

/** A step allowed in its baseline gets the escalating probes; on real AWS any other denial is looked at once more. */
function probeWaits(run: RegionRun, key: string): number[] {
  if (run.denialProbes?.steps.has(key)) return run.denialProbes.waitsMs
  return run.reprobeDenialAfterMs !== undefined ? [run.reprobeDenialAfterMs] : []
}

/**
 * Re-runs a denied call after each wait until it is no longer denied: IAM propagation can outlast the first
 * attempt. Every probe is recorded; `cleared` is the first allowed probe (a transient denial), if any.
 */
async function confirmDenial<T>(
  waitsMs: readonly number[],
  call: () => Promise<{ outcome: Outcome; value?: T }>,
  signal: AbortSignal,
): Promise<{ probes: ProbeAttempt[]; cleared?: { outcome: Outcome; value?: T } }> {
  const probes: ProbeAttempt[] = []
  for (const waitedMs of waitsMs) {
    if (signal.aborted) break
    await sleep(waitedMs, undefined, { signal }).catch(() => undefined)
    if (signal.aborted) break
    const again = await call()
    probes.push({ waitedMs, outcome: again.outcome, at: new Date().toISOString() })
    if (again.outcome.kind === 'allowed') return { probes, cleared: again }
    // Throttled or an error says nothing about the denial: stop, and keep the denial as the outcome.
    if (again.outcome.kind !== 'denied') break
  }
  return { probes }
}

export function createScenarioContext(scenario: string, run: RegionRun): ScenarioRecorder {
  const results: StepResult[] = []
  // Reserved when a step starts, so a second step of the same name is refused even while the first runs.
  const usedNames = new Set<string>()
  let refused: StepMisuseError | undefined
  const usable = (name: unknown, options: unknown) => {
    try {
      assertUsableStep(name, options, usedNames)
    } catch (error) {
      refused ??= error as StepMisuseError
      throw error
    }
    usedNames.add(name as string)
  }
  let counter = 0
  // The calls of the step running now (steps of one scenario run one at a time).
  let stepCalls: StepCall[] | undefined
  const record = (
    step: string,
    outcome: Outcome,
    startedAt: Date,
    options?: StepOptions,
    probed: Pick<StepResult, 'probes' | 'transientDenial' | 'calls'> = {},
  ): StepResult => {
    const result: StepResult = {
      scenario,
      step,
      region: run.region,
      outcome,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    }
    if (options?.expect) result.expect = options.expect
    if (probed.probes) result.probes = probed.probes
    if (probed.transientDenial) result.transientDenial = true
    if (probed.calls) result.calls = probed.calls
    results.push(result)
    run.onStep(result)
    return result
  }
  const blockedBy = (options?: StepOptions): string | undefined => {
    if (run.signal.aborted) return 'interrupted'
    for (const name of [options?.dependsOn ?? []].flat()) {
      const previous = results.find((result) => result.step === name)
      if (!previous) return `depends on step ${name}, which did not run`
      if (previous.outcome.kind !== 'allowed') return `depends on step ${name} (${previous.outcome.kind})`
    }
    return undefined
  }
  const context: ScenarioContext = {
    region: run.region,
    accountId: run.accountId,
    runId: run.runId,
    client: recordingCalls(run.minimal, () => stepCalls),
    tags: { ...run.tags },
    tagList: Object.entries(run.tags).map(([Key, Value]) => ({ Key, Value })),
    facts: run.facts,
    launch: run.launch,
    uniqueName: (prefix) => `${prefix}-${run.nameToken}-${++counter}`.toLowerCase(),
    onCleanup: (fn, resource) => run.onCleanup(run.region, scenario, fn, [resource?.arn ?? []].flat()),
    skip: (name, reason) => {
      usable(name, undefined)
      record(name, { kind: 'skipped', reason: String(reason), durationMs: 0 }, new Date())
    },
    async step<T>(name: string, fn: () => Promise<T>, options?: StepOptions): Promise<StepReport<T>> {
      usable(name, options)
      const blocked = blockedBy(options)
      if (blocked) {
        const outcome: Outcome = { kind: 'skipped', reason: blocked, durationMs: 0 }
        record(name, outcome, new Date(), options)
        return { ok: false, outcome }
      }
      const startedAt = new Date()
      const timeoutMs = run.stepTimeoutMs ?? STEP_TIMEOUT_MS
      const calls: StepCall[] = []
      stepCalls = calls
      let attempt = await attemptCall(fn, run.classify, timeoutMs)
      stepCalls = undefined
      const probed: Pick<StepResult, 'probes' | 'transientDenial' | 'calls'> = {}
      if (attempt.outcome.kind === 'denied' && options?.expect !== 'denied') {
        const waits = probeWaits(run, stepKey({ scenario, step: name, region: run.region }))
        const confirmed = await confirmDenial(waits, () => attemptCall(fn, run.classify, timeoutMs), run.signal)
        if (confirmed.cleared) attempt = confirmed.cleared
        if (confirmed.probes.length > 0) probed.probes = confirmed.probes
        if (confirmed.cleared) probed.transientDenial = true
      }
      if (attempt.outcome.kind === 'denied' && run.decodeDenial)
        attempt = { ...attempt, outcome: await run.decodeDenial(attempt.outcome) }
      if (calls.length > 0) probed.calls = dedupeCalls(calls)
      const result = record(name, attempt.outcome, startedAt, options, probed)
      return { ok: result.outcome.kind === 'allowed', ...attempt }
    },
  }
  return { context, results, refused: () => refused }
}
