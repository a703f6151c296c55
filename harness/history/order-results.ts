import { compareText } from '../compare-text.js'
import type { StepResult } from './types.js'

/** Results in a stable order: region as requested, then scenario, then step start. */
export function orderResults(results: readonly StepResult[], regions: readonly string[]): StepResult[] {
  return [...results].sort(
    (a, b) =>
      regions.indexOf(a.region) - regions.indexOf(b.region) ||
      compareText(a.scenario, b.scenario) ||
      compareText(a.startedAt, b.startedAt),
  )
}
