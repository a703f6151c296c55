/** Runs one scenario in one region. A scenario that throws outside step() is recorded, not fatal. */
import type { StepResult } from '../history/types.js'
import { redactSecrets } from '../outcomes/redact.js'
import { createScenarioContext, type RegionRun } from './scenario-context.js'
import { StepMisuseError } from './step-misuse.js'
import type { Scenario } from './types.js'

/** Step name under which a scenario's own crash (outside any step) is recorded. */
export const SCENARIO_CRASH_STEP = '(scenario)'

export async function runScenario(scenario: Scenario, run: RegionRun): Promise<StepResult[]> {
  const recorder = createScenarioContext(scenario.name, run)
  const startedAt = new Date()
  let crash: unknown
  try {
    await scenario.run(recorder.context)
  } catch (error) {
    crash = error
  }
  // A refused step() counts even when the scenario caught it (QA: a caught refusal passed).
  const refused = recorder.refused()
  if (refused || crash !== undefined) {
    const result = crashResult(scenario.name, run.region, refused ?? crash, startedAt)
    recorder.results.push(result)
    run.onStep(result)
  }
  return recorder.results
}

function crashResult(scenario: string, region: string, error: unknown, startedAt: Date): StepResult {
  const message = redactSecrets(error instanceof Error ? error.message : String(error))
  return {
    scenario,
    step: SCENARIO_CRASH_STEP,
    region,
    outcome: {
      kind: 'error',
      // A scenario can throw anything: its error name is as untrusted as its message.
      errorName: error instanceof Error ? redactSecrets(error.name) : 'Error',
      message:
        error instanceof StepMisuseError ? `step() refused: ${message}` : `scenario threw outside step(): ${message}`,
      durationMs: Date.now() - startedAt.getTime(),
    },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
  }
}
