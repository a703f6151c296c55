/**
 * Builds the ScenarioContext one scenario gets in one region and records its steps. step() never
 * throws: a thrown AWS error becomes an Outcome (classified), a step whose dependency was not
 * allowed is recorded as skipped, and after an interrupt no new call starts.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import type { StepResult } from '../history/types.js'
import type { Outcome } from '../outcomes/types.js'
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
  /** Default STEP_TIMEOUT_MS. */
  stepTimeoutMs?: number
  onStep(result: StepResult): void
  onCleanup(region: string, scenario: string, fn: CleanupFn, arns: string[]): void
}

export interface ScenarioRecorder {
  context: ScenarioContext
  results: StepResult[]
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

export function createScenarioContext(scenario: string, run: RegionRun): ScenarioRecorder {
  const results: StepResult[] = []
  let counter = 0
  const record = (step: string, outcome: Outcome, startedAt: Date): StepResult => {
    const result = {
      scenario,
      step,
      region: run.region,
      outcome,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    }
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
    client: run.minimal,
    tags: { ...run.tags },
    tagList: Object.entries(run.tags).map(([Key, Value]) => ({ Key, Value })),
    facts: run.facts,
    launch: run.launch,
    uniqueName: (prefix) => `${prefix}-${run.nameToken}-${++counter}`.toLowerCase(),
    onCleanup: (fn, resource) => run.onCleanup(run.region, scenario, fn, [resource?.arn ?? []].flat()),
    skip: (name, reason) => void record(name, { kind: 'skipped', reason, durationMs: 0 }, new Date()),
    async step<T>(name: string, fn: () => Promise<T>, options?: StepOptions): Promise<StepReport<T>> {
      const blocked = blockedBy(options)
      if (blocked) {
        const outcome: Outcome = { kind: 'skipped', reason: blocked, durationMs: 0 }
        record(name, outcome, new Date())
        return { ok: false, outcome }
      }
      const startedAt = new Date()
      const timeoutMs = run.stepTimeoutMs ?? STEP_TIMEOUT_MS
      let attempt = await attemptCall(fn, run.classify, timeoutMs)
      // On AWS a first denial can still be IAM propagation: look again once before recording drift.
      if (attempt.outcome.kind === 'denied' && run.reprobeDenialAfterMs !== undefined && !run.signal.aborted) {
        await sleep(run.reprobeDenialAfterMs)
        attempt = await attemptCall(fn, run.classify, timeoutMs)
      }
      record(name, attempt.outcome, startedAt)
      return { ok: attempt.outcome.kind === 'allowed', ...attempt }
    },
  }
  return { context, results }
}
