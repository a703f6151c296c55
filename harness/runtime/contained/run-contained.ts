/**
 * Runs one scenario in its own worker thread (scenario-worker.ts), so nothing the scenario does can end
 * or stall the run: its steps stream back as they happen, credentials and EC2 denial decoding are
 * answered here, and a worker that does not finish by its deadline (plus a grace period), or after an
 * interrupt, is terminated: a busy loop cannot be stopped any other way. The scenario is then recorded
 * as an error saying why, and cleanups it registered but could not run are reported as a cleanup problem.
 */
import { createRequire } from 'node:module'
import type { Worker } from 'node:worker_threads'
import type * as SdkSts from '@aws-sdk/client-sts'
import type { StepResult } from '../../history/types.js'
import { canDelete, deleteResource } from '../../sweep/delete-resource.js'
import { DescribedCleanupFailure } from '../cleanup.js'
import { SCENARIO_CRASH_STEP } from '../run-scenario.js'
import type { RegionRun } from '../scenario-context.js'
import type { ClientFactory, Scenario } from '../types.js'
import { awsVariables } from './aws-env.js'
import type { CredentialKind, OrchestratorMessage, RegionRunData, WorkerInput, WorkerMessage } from './messages.js'
import { LOAD_ALLOWANCE_MS, type ScenarioThreads } from './worker-pool.js'

export { LOAD_ALLOWANCE_MS }

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { STSClient } = requireSdk('@aws-sdk/client-sts') as typeof SdkSts

/** A scenario's whole-run limit unless configured: a step alone may take 10 minutes. */
export const SCENARIO_DEADLINE_MS = 30 * 60_000
/** How long a worker gets to wind down (its cleanups included) after its deadline … */
export const WIND_DOWN_MS = 60_000
/** … and after Ctrl-C / SIGTERM, which must reach the run's own cleanup soon even past a busy loop. */
export const INTERRUPT_WIND_DOWN_MS = 10_000

export interface ContainmentOptions {
  /** The scenario's file: the worker loads it afresh. */
  file: string
  /** The region's threads (one is reused while scenarios end cleanly). */
  threads: ScenarioThreads
  endpoint?: string
  /** The emulator target's time scale, for the scenario clients' SDK retries (undefined on real AWS). */
  retryTimeScale?: number
  /** Administrator clients of the scenario's region (cleanups). */
  admin: ClientFactory
  deadlineMs?: number
  windDownMs?: number
  /** The region never became ready (see run-region.ts). */
  notReady?: string
}

export function runContained(scenario: Scenario, run: RegionRun, options: ContainmentOptions): Promise<StepResult[]> {
  const deadlineMs = options.deadlineMs ?? SCENARIO_DEADLINE_MS
  const input: WorkerInput = {
    file: options.file,
    scenarioName: scenario.name,
    region: run.region,
    endpoint: options.endpoint,
    retryTimeScale: options.retryTimeScale,
    run: dataOf(run),
    deadlineMs,
    notReady: options.notReady,
    awsEnv: awsVariables(),
  }
  return new Promise((resolve) => new Containment(input, run, options, resolve).start(deadlineMs))
}

/** What of a RegionRun can cross to the worker: everything but functions and the signal. */
function dataOf(run: RegionRun): RegionRunData {
  const entries = Object.entries(run).filter(([key, value]) => typeof value !== 'function' && key !== 'signal')
  return Object.fromEntries(entries) as RegionRunData
}

class Containment {
  private readonly results: StepResult[] = []
  private readonly startedAt = new Date()
  private worker?: Worker
  private done = false
  private stopReason?: string
  private timers: NodeJS.Timeout[] = []
  private detach: () => void = () => undefined
  private onStarted: () => void = () => undefined
  private cleanupOutcomes: string[] = []
  /** The ARNs each cleanup the worker holds declared, by its index there, and what forgets its stand-in. */
  private readonly cleanupArns: string[][] = []
  private readonly forgetStandIn: Array<() => void> = []
  private finished = false
  /** One client per kind answers the worker's credential requests (building an SDK client per request cost more than the call). */
  private readonly credentialSources = new Map<CredentialKind, InstanceType<typeof STSClient>>()

  constructor(
    private readonly input: WorkerInput,
    private readonly run: RegionRun,
    private readonly options: ContainmentOptions,
    private readonly resolve: (results: StepResult[]) => void,
  ) {}

  start(deadlineMs: number): void {
    const worker = this.options.threads.take()
    this.worker = worker
    // A short deadline (a test, a quick scenario) gets a wind-down as short: never longer than the deadline.
    const windDown = this.options.windDownMs ?? Math.min(WIND_DOWN_MS, deadlineMs)
    // Until the worker says the scenario file is loaded, loading gets LOAD_ALLOWANCE_MS on top.
    const watch = (ms: number) =>
      setTimeout(() => this.stop('did not finish or yield by its deadline (a busy loop?)'), ms)
    let watchdog = watch(deadlineMs + windDown + LOAD_ALLOWANCE_MS)
    this.timers.push(watchdog)
    this.onStarted = () => {
      clearTimeout(watchdog)
      watchdog = watch(deadlineMs + windDown)
      this.timers.push(watchdog)
    }
    const onAbort = () => {
      worker.postMessage({ type: 'abort' } satisfies OrchestratorMessage)
      const grace = Math.min(windDown, INTERRUPT_WIND_DOWN_MS)
      this.timers.push(setTimeout(() => this.stop('did not wind down after the interrupt'), grace))
    }
    if (this.run.signal.aborted) onAbort()
    else this.run.signal.addEventListener('abort', onAbort, { once: true })
    const onMessage = (message: WorkerMessage) => void this.onMessage(message)
    const onError = (error: Error) => this.recordEnd('WorkerError', `the scenario's worker failed: ${error.message}`)
    const onExit = () => this.finish()
    this.detach = () => {
      worker.off('message', onMessage)
      worker.off('error', onError)
      worker.off('exit', onExit)
      this.run.signal.removeEventListener('abort', onAbort)
      for (const timer of this.timers) clearTimeout(timer)
    }
    worker.on('message', onMessage)
    worker.on('error', onError)
    worker.on('exit', onExit)
    worker.postMessage({ type: 'run', input: this.input } satisfies OrchestratorMessage)
  }

  private async onMessage(message: WorkerMessage): Promise<void> {
    if (message.type === 'started') this.onStarted()
    else if (message.type === 'step') {
      this.results.push(message.result)
      this.run.onStep(message.result)
    } else if (message.type === 'cleanup-registered') {
      this.registerStandIn(message.count - 1, message.arns)
    } else if (message.type === 'cleanups-done') {
      this.cleanupOutcomes = message.outcomes
      // Done: teardown neither counts nor repeats them, and a run killed before it would otherwise leave
      // them for `harness sweep` to list and retry.
      const done = message.outcomes.flatMap((outcome, index) => (outcome === 'ok' ? [index] : []))
      for (const index of done) this.forgetStandIn[index]?.()
      const removed = done.flatMap((index) => this.cleanupArns[index] ?? [])
      if (removed.length > 0) this.run.onCleanedUp?.(removed)
    } else if (message.type === 'done') {
      this.done = true
      if (message.clean && !this.run.signal.aborted && this.worker) {
        this.detach()
        this.options.threads.give(this.worker)
        this.finish()
      } else await this.worker?.terminate()
    } else if (message.type === 'rpc') await this.answer(message)
  }

  private async answer(request: Extract<WorkerMessage, { type: 'rpc' }>): Promise<void> {
    const reply = (body: Omit<Extract<OrchestratorMessage, { type: 'rpc-result' }>, 'type' | 'id'>) =>
      this.worker?.postMessage({ type: 'rpc-result', id: request.id, ...body } satisfies OrchestratorMessage)
    try {
      if (request.method === 'decode') {
        reply({ value: this.run.decodeDenial ? await this.run.decodeDenial(request.outcome) : request.outcome })
        return
      }
      const source = this.credentialSources.get(request.kind) ?? this.credentialSource(request.kind)
      const credentials = await source.config.credentials()
      reply({
        value: {
          accessKeyId: credentials.accessKeyId,
          secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken,
          expiration: credentials.expiration?.toISOString(),
        },
      })
    } catch (error) {
      reply({ error: error instanceof Error ? error.message : String(error) })
    }
  }

  private credentialSource(kind: CredentialKind): InstanceType<typeof STSClient> {
    const client = (kind === 'admin' ? this.options.admin : this.run.minimal)(STSClient)
    this.credentialSources.set(kind, client)
    return client
  }

  /**
   * The run's own cleanup registry gets a stand-in for each cleanup the worker holds (the closure cannot
   * cross threads). At teardown it succeeds if the worker's cleanup did, so the journal marks those ARNs
   * removed. A cleanup that never ran because the thread had to be terminated (a busy loop) removes the
   * ARNs it declared instead, as `harness sweep` would; otherwise the stand-in fails with the reason,
   * reported like any failed cleanup.
   */
  private registerStandIn(index: number, arns: string[]): void {
    const { scenarioName, region } = this.input
    this.cleanupArns[index] = arns
    this.forgetStandIn[index] = this.run.onCleanup(
      region,
      scenarioName,
      async (admin) => {
        const outcome = this.cleanupOutcomes[index]
        if (outcome === 'ok') return
        if (outcome === undefined && arns.length > 0 && arns.every(canDelete)) {
          for (const arn of arns) await deleteResource(admin, arn)
          return
        }
        // The thread described its cleanup's error already ("Name: message").
        if (outcome !== undefined) throw new DescribedCleanupFailure(outcome)
        throw new Error(
          `a cleanup registered by ${scenarioName} in ${region} could not run: the scenario ${this.stopReason ?? 'ended first'}`,
        )
      },
      arns,
    )
  }

  private stop(reason: string): void {
    if (this.done) return
    this.stopReason = reason
    void this.worker?.terminate()
  }

  private recordEnd(errorName: string, message: string): void {
    const result: StepResult = {
      scenario: this.input.scenarioName,
      step: SCENARIO_CRASH_STEP,
      region: this.input.region,
      outcome: { kind: 'error', errorName, message, durationMs: Date.now() - this.startedAt.getTime() },
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
    }
    this.results.push(result)
    this.run.onStep(result)
  }

  private finish(): void {
    if (this.finished) return
    this.finished = true
    this.detach()
    if (!this.done) {
      const why = this.stopReason ?? 'its worker exited unexpectedly'
      if (this.stopReason) this.recordEnd('ScenarioTerminated', `scenario ${why}; it was terminated`)
    }
    this.resolve(this.results)
  }
}
