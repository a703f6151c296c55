/**
 * One character per step and run in the history index: what the dashboard's timeline draws of a step on a
 * night (reporters/dashboard/strips.ts markOf) and whether the step was allowed, nothing more. A marked
 * step decodes to a light result that the dashboard reads exactly as it would read the stored one.
 */
import type { Outcome } from '../outcomes/types.js'
import type { StepResult } from './types.js'

const ABSENT = '-'

/** The character of a result (absent: the run did not have the step). */
export function markOf(result: StepResult | undefined): string {
  if (!result) return ABSENT
  const kind = result.outcome.kind
  if (result.expect === 'denied') return kind === 'denied' ? 'e' : kind === 'allowed' ? 'u' : 'x'
  if (result.transientDenial) return kind === 'allowed' ? 'p' : 'q'
  if (kind === 'allowed') return 'a'
  if (kind === 'denied') return 'd'
  if (kind === 'skipped') return 's'
  return 'i'
}

type LightResult = Pick<StepResult, 'scenario' | 'step' | 'region' | 'expect' | 'transientDenial'> & {
  outcome: Pick<Outcome, 'kind'>
}

const LIGHT: Record<string, Omit<LightResult, 'scenario' | 'step' | 'region'>> = {
  e: { expect: 'denied', outcome: { kind: 'denied' } },
  u: { expect: 'denied', outcome: { kind: 'allowed' } },
  x: { expect: 'denied', outcome: { kind: 'error' } },
  p: { transientDenial: true, outcome: { kind: 'allowed' } },
  q: { transientDenial: true, outcome: { kind: 'denied' } },
  a: { outcome: { kind: 'allowed' } },
  d: { outcome: { kind: 'denied' } },
  s: { outcome: { kind: 'skipped' } },
  i: { outcome: { kind: 'error' } },
}

/** The light results of a run's marks, in the group's key order; absent steps are left out. */
export function resultsOfMarks(marks: string, keys: readonly string[]): StepResult[] {
  const results: StepResult[] = []
  for (let i = 0; i < marks.length; i++) {
    const light = LIGHT[marks[i]!]
    if (!light) continue
    const [scenario, step, region] = keys[i]!.split('\u0000') as [string, string, string]
    results.push({ scenario, step, region, ...light } as StepResult)
  }
  return results
}
