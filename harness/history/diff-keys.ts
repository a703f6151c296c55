/** The stable key of a step across runs: `scenario / step @ region`. */
import type { StepResult } from './types.js'

export const stepKey = (r: Pick<StepResult, 'scenario' | 'step' | 'region'>): string =>
  `${r.scenario}\u0000${r.step}\u0000${r.region}`

type Where = Pick<StepResult, 'scenario' | 'step' | 'region'>

/** A run's results and their step keys, position by position. */
export interface KeyedResults<R extends Where = StepResult> {
  results: readonly R[]
  keys: string[]
}

/**
 * The step key of each result. Runs record their steps in the same order night after night, so a result at
 * the same position as in `previous` with the same step reuses that key string: building and hashing one new
 * string per result was most of the cost of walking a year of history (250k results).
 */
export function keyResults<R extends Where>(results: readonly R[], previous?: KeyedResults<R>): KeyedResults<R> {
  const keys = results.map((result, i) => {
    const before = previous?.results[i]
    const same =
      before !== undefined &&
      before.scenario === result.scenario &&
      before.step === result.step &&
      before.region === result.region
    return same ? previous!.keys[i]! : stepKey(result)
  })
  return { results, keys }
}
