/**
 * The authoring API: what scenario files and harness.config.ts import. Everything here is typing
 * help or plain data; the orchestrator lives in runtime/ and cli/.
 */
import type { UserConfig } from './config/schema.js'
import { SCENARIO_BRAND, type Scenario, type ScenarioDefinition } from './runtime/types.js'

export type { ResolvedConfig } from './config/resolve.js'
export type { UserConfig } from './config/schema.js'
export type { DriftChange, DriftReport, RunRecord, StepResult } from './history/types.js'
export type { DeniedDetails, Outcome, OutcomeKind } from './outcomes/types.js'
export type {
  CleanupFn,
  ClientFactory,
  Scenario,
  ScenarioContext,
  ScenarioDefinition,
  ScenarioFacts,
  SdkClientClass,
  StepOptions,
  StepReport,
} from './runtime/types.js'

/** Declares a scenario; the returned object is what a scenario file default-exports. */
export function defineScenario(definition: ScenarioDefinition): Scenario {
  return Object.freeze({ ...definition, [SCENARIO_BRAND]: true as const })
}

/** Identity function that types harness.config.ts. */
export function defineConfig(config: UserConfig): UserConfig {
  return config
}
