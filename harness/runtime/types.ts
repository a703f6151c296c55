/**
 * The authoring side of scenarios: what a scenario file exports (ScenarioDefinition) and what its
 * run() receives (ScenarioContext). Scenario files import these through harness/index.ts.
 */

import type { ClientFactory } from '../credentials/types.js'
import type { StepResult } from '../history/types.js'
import type { Outcome } from '../outcomes/types.js'

export type { ClientFactory, SdkClientClass } from '../credentials/types.js'

/** Looked up with administrator credentials before the scenario, so the declared policy needs no lookups. */
export interface ScenarioFacts {
  /** Latest Amazon Linux 2023 x86_64 AMI (SSM public parameter). */
  imageId?: string
  /** A subnet of the default VPC. */
  subnetId?: string
  /** An instance type offered in the region, preferring t3.micro. */
  instanceType?: string
}

export interface StepOptions {
  /** Steps that must have been allowed first; otherwise this step is recorded as skipped. */
  dependsOn?: string | string[]
  /**
   * `'denied'`: the declared policy must NOT allow this call (a guardrail you rely on). A denial is then the
   * pass, and an allowed outcome is a finding: the policy or AWS got broader.
   */
  expect?: 'denied'
}

/** What step() gives back: the recorded outcome and, when allowed, the call's result. */
export interface StepReport<T> {
  ok: boolean
  outcome: Outcome
  value?: T
}

export type CleanupFn = (admin: ClientFactory) => unknown | Promise<unknown>

/** What a cleanup removes: its ARN(s) go to the run journal so `harness sweep` can remove them after a crash. */
export interface CleanupResource {
  arn: string | string[]
}

export interface ScenarioContext {
  region: string
  accountId: string
  runId: string
  /** An SDK client with region, the minimal role's credentials and the endpoint. */
  client: ClientFactory
  /**
   * Runs one AWS call and records its outcome under `name` (the stable key of the diff, used once per scenario).
   * Never throws for the call; a repeated or empty name or an unknown option throws before it (step-misuse.ts).
   */
  step<T>(name: string, fn: () => Promise<T>, options?: StepOptions): Promise<StepReport<T>>
  /** Records a step as skipped without running it. */
  skip(name: string, reason: string): void
  /** A name unique to this run, scenario and region: `<prefix>-<run suffix>-<n>`. */
  uniqueName(prefix: string): string
  /** The run's tags (incl. harness:run-id) as a map … */
  tags: Record<string, string>
  /** … and as the [{ Key, Value }] list most APIs take. */
  tagList: Array<{ Key: string; Value: string }>
  /**
   * Registers a cleanup; cleanups run afterwards (LIFO) with administrator credentials, whatever
   * happened. Name the resource's ARN so a run killed before cleanup leaves it for `harness sweep`.
   */
  onCleanup(fn: CleanupFn, resource?: CleanupResource): void
  facts: ScenarioFacts
  /** `--launch`: really create billable resources instead of DryRun where a scenario supports it. */
  launch: boolean
}

export interface ScenarioDefinition {
  /** Stable name, e.g. 'logs/create-tagged-log-group'. */
  name: string
  description?: string
  /**
   * The IAM actions whose freshness this scenario tests, with `+tags` for a call that carries tags
   * (e.g. ['logs:CreateLogGroup', 'logs:CreateLogGroup+tags']). The pool planner gives the scenario an
   * account that never used any of them in the region; undeclared, only a region the account never
   * used at all counts as fresh.
   */
  operations?: string[]
  run(context: ScenarioContext): Promise<void>
}

export const SCENARIO_BRAND = Symbol.for('harness.scenario')

/** A definition as defineScenario returns it (branded, so a loaded file can be recognised). */
export type Scenario = ScenarioDefinition & { readonly [SCENARIO_BRAND]: true }

export function isScenario(value: unknown): value is Scenario {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SCENARIO_BRAND] === true
}

/** Where a run reports progress on long work (the CLI prints it; tests and the season collect it). */
export interface Progress {
  info(text: string): void
  warn(text: string): void
  region(region: string, text: string): void
  step(result: StepResult): void
}
