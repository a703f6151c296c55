/** What the orchestrator and a scenario's worker thread say to each other (structured-clone data only). */
import type { StepResult } from '../../history/types.js'
import type { Outcome } from '../../outcomes/types.js'
import type { RegionRun } from '../scenario-context.js'

export type CredentialKind = 'minimal' | 'admin'

/** Everything the worker needs to run one scenario in one region; credentials come on request. */
export interface WorkerInput {
  file: string
  scenarioName: string
  region: string
  endpoint?: string
  /** The emulator target's time scale: the SDK's retry backoff is multiplied by it (undefined on real AWS). */
  retryTimeScale?: number
  /**
   * The RegionRun's data (every field that is not a function or the signal), copied whole so a field
   * added to RegionRun reaches contained scenarios too; its callbacks are rebuilt in the worker.
   */
  run: RegionRunData
  /** After this long the scenario is ended (recorded as an error) and its cleanups run. */
  deadlineMs: number
  /** The region never became ready: no call is made, every step is region-not-ready. */
  notReady?: string
  /** The orchestrator's AWS_* variables, adopted by the thread before the run (aws-env.ts). Never logged. */
  awsEnv: Record<string, string>
}

export interface SerializedCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: string
}

export type WorkerRequest =
  | { type: 'rpc'; id: number; method: 'credentials'; kind: CredentialKind }
  | { type: 'rpc'; id: number; method: 'decode'; outcome: Outcome }

export type WorkerMessage =
  | WorkerRequest
  | { type: 'step'; result: StepResult }
  /** The scenario file is loaded: its deadline runs from here. */
  | { type: 'started' }
  /** A cleanup the scenario registered, with the ARNs it removes (journaled by the orchestrator). */
  | { type: 'cleanup-registered'; count: number; arns: string[] }
  /** Per registered cleanup, in order: 'ok' or why it failed. */
  | { type: 'cleanups-done'; outcomes: string[] }
  /** clean: the scenario ended by itself, so the thread can run the region's next scenario. */
  | { type: 'done'; clean: boolean }
  /**
   * Every file of a 'check' loaded and default-exports a scenario: what the orchestrator needs of each.
   * standIns: an import got a stood-in SDK client (a 'check' with standIns), so the thread runs nothing more.
   */
  | { type: 'checked'; scenarios: CheckedScenario[]; standIns: boolean }
  /** A file of a 'check' failed: the HarnessError code and message naming the file; standIns as for 'checked'. */
  | { type: 'check-failed'; code?: string; message: string; standIns: boolean }
  /** Whole lines the thread printed, each led by its scenario's label; `key` names their source (scenario-output.ts). */
  | { type: 'output'; stream: 'stdout' | 'stderr'; text: string; key?: string }
  /** Text added to `key`'s unfinished line, written out (led by `lead`) if the thread ends before the line does. */
  | { type: 'unfinished'; stream: 'stdout' | 'stderr'; key: string; lead: string; added: string }

/** A scenario as the orchestrator knows it: the file runs only in scenario threads. */
export interface CheckedScenario {
  file: string
  name: string
  description?: string
  operations?: string[]
}

export type OrchestratorMessage =
  | { type: 'run'; input: WorkerInput }
  /** A warm thread loads these scenario files (and the SDK clients they import) before its first run. */
  | { type: 'preload'; files: string[] }
  /**
   * Load these scenario files and check each (collect.ts rules); answered with 'checked' or 'check-failed'.
   * standIns: without loading the SDK clients they import, where the thread can (import-module.ts).
   */
  | { type: 'check'; files: string[]; standIns: boolean }
  /**
   * A thread started for a check before the files are known (bin.mjs): registers tsx meanwhile where the
   * check will stand the SDK clients in (nothing then loads through its hooks that a check would not).
   */
  | { type: 'ready-typescript' }
  | { type: 'rpc-result'; id: number; value?: unknown; error?: string }
  | { type: 'abort' }

export type RegionRunData = Omit<
  RegionRun,
  'minimal' | 'classify' | 'signal' | 'decodeDenial' | 'onStep' | 'onCleanup' | 'onCleanedUp'
>
