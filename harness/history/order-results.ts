import type { StepResult } from './types.js'

/** Results in a stable order: region as requested, then scenario, then step start. */
export function orderResults(results: readonly StepResult[], regions: readonly string[]): StepResult[] {
  return [...results].sort(
    (a, b) =>
      regions.indexOf(a.region) - regions.indexOf(b.region) ||
      a.scenario.localeCompare(b.scenario) ||
      a.startedAt.localeCompare(b.startedAt),
  )
}
