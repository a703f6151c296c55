/** The run record written to <reports>/runs/<runId>.json and the drift computed between two runs. */
import type { Outcome } from '../outcomes/types.js'

export const RUN_RECORD_SCHEMA_VERSION = 1

export interface StepResult {
  scenario: string
  step: string
  region: string
  outcome: Outcome
  startedAt: string
  finishedAt: string
}

export interface RunRecord {
  schemaVersion: typeof RUN_RECORD_SCHEMA_VERSION
  runId: string
  startedAt: string
  finishedAt: string
  target: 'local' | 'aws'
  harnessVersion: string
  /** sha256 of the canonical declared policy JSON. */
  policyHash: string
  policyFile?: string
  /** Emulator only: the simulated date the run used. */
  emulatorDate?: string
  account: { id: string; createdAt: string; fresh: boolean }
  regions: Array<{ name: string; optInStatus?: string; enabledDuringRun?: boolean; error?: string }>
  scenarios: string[]
  results: StepResult[]
}

export type ChangeKind =
  | 'regression'
  | 'relaxation'
  | 'changed-denial'
  | 'inconclusive'
  | 'new'
  | 'vanished'
  | 'unchanged'

export interface DriftChange {
  region: string
  scenario: string
  step: string
  change: ChangeKind
  from?: Outcome
  to?: Outcome
  /** For regressions: the permission AWS now asks for, when the message names it. */
  missingAction?: string
  /** For regressions: a policy statement that would fix it. */
  suggestedStatement?: SuggestedStatement
  /** Since when: the first run in which this change was observed. */
  since?: string
  /** When the message offers alternatives (Logs 2022: logs:TagResource or logs:TagLogGroup), all of them. */
  candidateActions?: string[]
  /** The resource the denial named, before it was generalized for the suggested statement. */
  deniedResource?: string
  /** 'unchanged' only: denied in both runs, but allowed in an earlier run of the history (a regression that persists). */
  stillDenied?: boolean
  /** 'inconclusive' only: why the comparison says nothing (e.g. 'region-not-ready in current run'). */
  inconclusiveReason?: string
}

export interface SuggestedStatement {
  Effect: 'Allow'
  Action: string[]
  Resource: string
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface DriftReport {
  baselineRunId: string | null
  currentRunId: string
  generatedAt: string
  changes: DriftChange[]
  summary: {
    /** New since the baseline: allowed there, denied now. */
    regressions: number
    relaxations: number
    changedDenials: number
    inconclusive: number
    new: number
    vanished: number
    /** Includes the still-denied steps below. */
    unchanged?: number
    /** 'unchanged' changes with `stillDenied`: regressions from an earlier run that are still open. */
    stillDenied?: number
    /** What the exit code follows: regressions + stillDenied. Absent in reports written before it existed. */
    openRegressions?: number
  }
  /** Extras for renderers; optional so older readers still type-check. */
  target?: 'local' | 'aws'
  baselineStartedAt?: string
  currentStartedAt?: string
}
