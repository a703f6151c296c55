/**
 * Everything one region does once its readiness is known: look up setup facts with administrator
 * credentials, then run each scenario in turn with the minimal role. In a region that never became
 * ready no call is made: each step is recorded as region-not-ready, so the diff shows it as inconclusive.
 */
import type { StepResult } from '../history/types.js'
import { createDenialDecoder } from './decode-denial.js'
import { lookupFacts } from './facts.js'
import { notReadyClassifier, refuseCalls } from './not-ready.js'
import { runScenario } from './run-scenario.js'
import type { ClassifyFn, RegionRun } from './scenario-context.js'
import type { ClientFactory, Scenario } from './types.js'

export interface RegionPlan {
  region: string
  scenarios: Scenario[]
  /** Why the region is unusable, when it is. */
  notReady?: string
  admin: ClientFactory
  /** The setup facts, when the caller started looking them up already (side by side with other checks). */
  facts?: ReturnType<typeof lookupFacts>
  base: Omit<RegionRun, 'region' | 'facts' | 'classify'>
  classify: ClassifyFn
  onFactsProblem(problems: string[]): void
  /** How each scenario is run; default in-process. execute() runs each in its own worker (contained/). */
  runScenario?: (scenario: Scenario, run: RegionRun, notReady?: string) => Promise<StepResult[]>
}

export async function runRegion(plan: RegionPlan): Promise<StepResult[]> {
  let facts = {}
  if (!plan.notReady) {
    const lookup = await (plan.facts ?? lookupFacts(plan.admin))
    facts = lookup.facts
    if (lookup.problems.length > 0) plan.onFactsProblem(lookup.problems)
  }
  const run: RegionRun = {
    ...plan.base,
    region: plan.region,
    facts,
    classify: plan.notReady ? notReadyClassifier(plan.notReady) : plan.classify,
    decodeDenial: plan.notReady ? undefined : createDenialDecoder(plan.admin),
  }
  if (plan.notReady) refuseCalls(run, plan.notReady)
  const results: StepResult[] = []
  for (const scenario of plan.scenarios) {
    if (run.signal.aborted) break
    results.push(...(await (plan.runScenario ?? runScenario)(scenario, run, plan.notReady)))
  }
  return results
}
