/** The run record written to <reports>/runs/<runId>.json and the drift computed between two runs. */

import type { TrailDenial } from '../outcomes/cloudtrail-event.js'
import type { Outcome } from '../outcomes/types.js'
import type { ConditionNotMet } from './conditioned-grant.js'

export const RUN_RECORD_SCHEMA_VERSION = 2

/** What a scenario declares a step must give; only 'denied' exists (a guardrail the policy must keep). */
export type StepExpectation = 'denied'

/** One re-check of a denied step (IAM propagation can outlast the first attempt). */
export interface ProbeAttempt {
  /** How long harness waited before this probe. */
  waitedMs: number
  outcome: Outcome
  at: string
}

export interface StepResult {
  scenario: string
  step: string
  region: string
  outcome: Outcome
  startedAt: string
  finishedAt: string
  expect?: StepExpectation
  /** Re-checks of a denial, in order; the outcome above is the last one. */
  probes?: ProbeAttempt[]
  /** Denied at first, allowed on a probe: recorded, shown, never a regression. */
  transientDenial?: boolean
  /** The AWS calls the step made (IAM action, tags passed), for the prediction. */
  calls?: Array<{ action: string; withTags: boolean }>
  /** What the declared policy should give by the documented rules (policy/predict.ts). */
  prediction?: { outcome: 'allowed' | 'denied'; missing: string[]; scoped?: string[] }
  /** Set when the step did not run in a fresh account for its operations there, and why. */
  notFresh?: string
  /** The account the step ran in (its id; never a credential). */
  accountId?: string
  /** Fresh: the account had never used the scenario's operations in the region; seasoned: it had (notFresh says how). */
  freshness?: StepFreshness
}

export type StepFreshness = 'fresh' | 'seasoned'

/** An account a pool run used, and what for. */
export interface RunAccount {
  id: string
  createdAt: string
  /** Vended by this run. */
  vended: boolean
  role: 'fresh' | 'seasoned' | 'fresh+seasoned'
  regions: string[]
}

/** What the pool plan decided for the run (plan/plan-run.ts), kept in the record. */
export interface PlanSummary {
  vended: string[]
  reused: string[]
  /** Closed by this run (fresh for nothing planned), with the close's outcome. */
  retired: Array<{ accountId: string; status: 'closed' | 'close-failed' | 'not-closed'; error?: string }>
  /** Due for retirement but the close quota is spent this window. */
  retireLater: string[]
  /** Pairs not tested fresh tonight. */
  gaps: Array<{ scenario: string; region: string; lastFresh?: string; nightsSince?: number; reason: string }>
  budget: { wanted: number; achievable?: number; ok: boolean; explanation: string }
  /** Per region, the oldest last fresh test among its scenarios before this run (ISO), null if never. */
  lastFreshByRegion: Record<string, string | null>
  /** Pooled accounts CloudTrail showed used by something else, with what. */
  foundUsed?: Array<{ accountId: string; keys: string[] }>
}

/** Where a run's AWS calls went: 'aws', 'emulator' (the embedded one) or a custom AWS_ENDPOINT_URL. */
export type RunEndpoint = string

/** Runs are comparable only within one class: a brand-new account and a reused one see different AWS rules. */
export type FreshnessClass = 'fresh' | 'reused'

export interface RunRecord {
  schemaVersion: typeof RUN_RECORD_SCHEMA_VERSION
  runId: string
  startedAt: string
  finishedAt: string
  target: 'local' | 'aws'
  harnessVersion: string
  /** Where the calls went; records of schemaVersion 1 are read as the target's default endpoint. */
  endpoint: RunEndpoint
  /** sha256 of the canonical declared policy JSON. */
  policyHash: string
  policyFile?: string
  /** The declared policy document itself, so a later run can tell a policy edit from AWS drift. */
  policy?: unknown
  /** Emulator only: the simulated date the run used. */
  emulatorDate?: string
  /** Per-run: the run's account. Pool: the first of `poolAccounts`, fresh when every step ran fresh. */
  account: { id: string; createdAt: string; fresh: boolean }
  /** 'pool' when the pool plan ran (absent: per-run). */
  strategy?: 'pool' | 'per-run'
  /** Pool runs: every account used, and the plan. */
  poolAccounts?: RunAccount[]
  plan?: PlanSummary
  regions: Array<{ name: string; optInStatus?: string; enabledDuringRun?: boolean; error?: string }>
  scenarios: string[]
  results: StepResult[]
  /** Failed calls CloudTrail recorded in the run's account (absent in records from before the capture). */
  trail?: TrailCapture
  /** What the run's cleanup could not remove or close, one line each (exit 3: history/verdict.ts); absent when none. */
  cleanupProblems?: string[]
  /**
   * Every scenario in the run's scenario files, when `--scenario` picked fewer (`scenarios`): the steps of
   * the others stay open in its report while denied (history/diff.ts carryOpenFindings).
   */
  suiteScenarios?: string[]
  /** `--verify-fix`: the merged patch re-run in a fresh account (harness/follow-up/). */
  verifyFix?: FixVerification
  /** Per confirmed regression: whether a seasoned account is hit too (harness/follow-up/). */
  blastRadius?: BlastRadiusFinding[]
  /**
   * A release check: compared with the history store's runs without joining them (cli/run-history.ts).
   * Its record is written to `<reports>/checks/`, never `runs/`, so no baseline, history report or push
   * sees it; `harness report`/`diff` still take its id.
   */
  releaseCheck?: true
}

/** `scenario / step @ region` of a step a follow-up re-ran, and what it gave there. */
export interface FollowUpStep {
  scenario: string
  step: string
  region: string
  /** The outcome kind in the follow-up run, or 'not-run' when the step did not run again. */
  outcome: Outcome['kind'] | 'not-run'
  /** Why it still fails: the action AWS still asks for, the message, or why it did not run. */
  detail?: string
}

/**
 * The suggested merged patch tried where the denials happened: 'verified' when every failing step is allowed
 * under it in an account still fresh for them (and nothing else in those scenarios is denied), else 'not-verified'
 * with why. It never changes the exit code: the declared policy still lacks the fix.
 */
export interface FixVerification {
  status: 'verified' | 'not-verified'
  /** One sentence: "2 failing steps allowed under the patched policy", "no fresh account (quota): …". */
  reason: string
  /** The follow-up run, when one ran (its own run id, account and journal). */
  runId?: string
  accountId?: string
  regions: string[]
  scenarios: string[]
  /** The steps that failed in the run, each as it came out under the patch. */
  steps: FollowUpStep[]
  /** Other steps of the re-run scenarios that failed under the patch (reached only once the fix let them run). */
  otherFailures: FollowUpStep[]
  /** The patched policy that was tried. */
  policy?: unknown
}

/**
 * 'new-accounts-only': a seasoned account still passes (existing customers unaffected, every new one breaks);
 * 'all-accounts': a seasoned account is denied too (urgent); 'unknown': no seasoned account could say.
 */
export type BlastRadius = 'new-accounts-only' | 'all-accounts' | 'unknown'

export interface BlastRadiusFinding {
  scenario: string
  step: string
  region: string
  radius: BlastRadius
  /** One sentence saying which account answered and how, or why none could. */
  reason: string
  accountId?: string
  /** When the seasoned account first used the operation in that region. */
  seasonedSince?: string
  outcome?: FollowUpStep['outcome']
}

/** CloudTrail capture after a run: its denials, each parsed like a step's (harness/capture/). */
export interface TrailCapture {
  regions: string[]
  /** Start of the looked-up window: the account's creation, on the target's clock. */
  since: string
  denials: TrailDenial[]
  /** Regions that could not be read, and why. */
  problems: string[]
}

export type ChangeKind =
  | 'regression'
  | 'open-denial'
  | 'unexpected-allow'
  | 'relaxation'
  | 'changed-denial'
  | 'inconclusive'
  | 'expected-denial'
  | 'new'
  | 'vanished'
  | 'unchanged'

/** The creating call a tag-on-create fix is scoped to (ec2:CreateAction), and the resource types it can tag. */
export interface TagOnCreateScope {
  operation: string
  resourceTypes: string[]
}

/** Why a step changed: the declared policy, AWS itself, or a policy harness does not declare. */
export type ChangeCause = 'policy-change' | 'aws-change' | 'guardrail'

/** Which run a step's baseline outcome came from. */
export interface BaselineRef {
  runId: string
  startedAt: string
  /** A replay's simulated date (the baseline run's emulatorDate). */
  emulatorDate?: string
}

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
  /** That run's emulated date, when it replayed one (--emulator-date): the date the replay's story is told in. */
  sinceEmulatorDate?: string
  /**
   * Still denied, but this run's declared policy already grants what the denial asked for (the fix is in):
   * open until an account fresh for the step allows it.
   */
  grantedNow?: true
  /** When the message offers alternatives (Logs 2022: logs:TagResource or logs:TagLogGroup), all of them. */
  candidateActions?: string[]
  /** The resource the denial named, before it was generalized for the suggested statement. */
  deniedResource?: string
  /**
   * EC2 tag-on-create: the statement grants ec2:CreateTags on every type the creating call can tag, not only
   * the one the denial named (AWS names the first it refuses; the next would be refused after that fix).
   */
  tagOnCreate?: TagOnCreateScope
  /** The declared statement that already covers the denied resource (`Sid "…"` or `Statement[i]`): amend it. */
  amendsStatement?: string
  /**
   * An explicit Deny refused the call (or a declared Deny without a Condition would, whatever the message says):
   * no Allow overrides it, so a statement is suggested only when no Allow grants the action either.
   */
  explicitDeny?: true
  /** The declared Deny statement that matches the call (`Sid "…"` or `Statement[i]`): narrow or remove it. */
  blockedBy?: string
  /** 'unchanged' only: denied in both runs, but allowed in an earlier run of the history (a regression that persists). */
  stillDenied?: boolean
  /** 'inconclusive' only: why the comparison says nothing (e.g. 'region-not-ready in current run'). */
  inconclusiveReason?: string
  /** The run the step's baseline outcome came from (per-step baselines: runs may differ step by step). */
  baseline?: BaselineRef
  /** For regressions, relaxations and changed denials: why, and one sentence saying so. */
  cause?: ChangeCause
  causeText?: string
  /** Denied at first, allowed on a re-check: shown, never counted as drift. */
  transientDenial?: boolean
  /** The documented rules predicted the other outcome: "AWS disagrees with the documented rules". */
  predictionMismatch?: { predicted: 'allowed' | 'denied'; missing: string[] }
  /** Seasoned: the current step ran in an account that had used its operations there (notFresh says why). */
  freshness?: StepFreshness
  notFresh?: string
  /** The account the current step ran in. */
  accountId?: string
  /** Set when the baseline ran with the other freshness (none of the step's own freshness existed yet). */
  baselineFreshness?: StepFreshness
  /**
   * A declared Allow grants the action there only under a Condition the call did not meet (which keys, what the
   * call carried): the suggested statement keeps the condition with the call's values (history/conditioned-grant.ts).
   */
  conditionNotMet?: ConditionNotMet
}

/** Freshness across the report: how many steps ran seasoned, and per region when it was last tested fresh. */
export interface FreshnessSummary {
  strategy: 'pool' | 'per-run'
  freshSteps: number
  seasonedSteps: number
  /** Per region, the oldest scenario's last fresh test (this run included; ISO), null if one never ran fresh. */
  lastFreshByRegion: Record<string, string | null>
}

export interface SuggestedStatement {
  Effect: 'Allow'
  Action: string[]
  /** A list only for EC2 tag-on-create: one pattern per resource type the creating call can tag. */
  Resource: string | string[]
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
    /** Denied with no conclusive baseline (a first run, a new step): not a pass. */
    openDenials?: number
    /** Allowed although the scenario declared `expect: 'denied'`. */
    unexpectedAllows?: number
    /** Steps whose outcome disagrees with the documented rules (a flag, not an exit code). */
    predictionMismatches?: number
  }
  /** The exit-code contract's verdict on this report (history/verdict.ts); every reporter shows it. */
  verdict?: { code: 0 | 1 | 3 | 4; reasons: string[] }
  /** Extras for renderers; optional so older readers still type-check. */
  freshness?: FreshnessSummary
  target?: 'local' | 'aws'
  baselineStartedAt?: string
  currentStartedAt?: string
  /**
   * Set when no step has a baseline although comparable runs came before this one (they ran other regions
   * or scenarios, or nothing conclusive): how many, and the latest. Absent on a first run.
   */
  earlierRuns?: { count: number; latestRunId: string }
}
