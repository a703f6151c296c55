/**
 * One character per step and run in the history index: what the dashboard's timeline draws of a step on a
 * night (reporters/dashboard/strips.ts markOf) and whether the step was allowed, nothing more. A marked
 * step decodes to a light result that the dashboard reads exactly as it would read the stored one.
 */
import type { Outcome } from '../outcomes/types.js'
import type { StepResult } from './types.js'

/** Punctuation only: a long run of letters would look like a base64 secret to the redactor. */
const ABSENT = ':'

/** The character of a result (absent: the run did not have the step). */
export function markOf(result: StepResult | undefined): string {
  if (!result) return ABSENT
  const kind = result.outcome.kind
  if (result.expect === 'denied') return kind === 'denied' ? '*' : kind === 'allowed' ? '^' : '%'
  if (result.transientDenial) return kind === 'allowed' ? '~' : '!'
  if (kind === 'allowed') return '.'
  if (kind === 'denied') return '#'
  if (kind === 'skipped') return ','
  return '?'
}

type LightResult = Pick<StepResult, 'scenario' | 'step' | 'region' | 'expect' | 'transientDenial'> & {
  outcome: Pick<Outcome, 'kind'>
}

const LIGHT: Record<string, Omit<LightResult, 'scenario' | 'step' | 'region'>> = {
  '*': { expect: 'denied', outcome: { kind: 'denied' } },
  '^': { expect: 'denied', outcome: { kind: 'allowed' } },
  '%': { expect: 'denied', outcome: { kind: 'error' } },
  '~': { transientDenial: true, outcome: { kind: 'allowed' } },
  '!': { transientDenial: true, outcome: { kind: 'denied' } },
  '.': { outcome: { kind: 'allowed' } },
  '#': { outcome: { kind: 'denied' } },
  ',': { outcome: { kind: 'skipped' } },
  '?': { outcome: { kind: 'error' } },
}

type Where = Pick<StepResult, 'scenario' | 'step' | 'region'>
/** Per key of a group, its light result for each mark character, made once and shared by every run decoded. */
const lightByKey = new WeakMap<readonly string[], Array<Map<string, StepResult>>>()

function lightResultsOf(keys: readonly string[]): Array<Map<string, StepResult>> {
  let byKey = lightByKey.get(keys)
  if (!byKey || byKey.length !== keys.length) {
    byKey = keys.map(() => new Map())
    lightByKey.set(keys, byKey)
  }
  return byKey
}

function lightResult(key: string, mark: string): StepResult {
  const [scenario, step, region] = key.split('\u0000') as [string, string, string]
  const where: Where = { scenario, step, region }
  return { ...where, ...LIGHT[mark] } as StepResult
}

/**
 * The light results of a run's marks, in the group's key order; absent steps are left out. Results are
 * shared between runs (the same step with the same mark is the same object): read them, never change them.
 */
export function resultsOfMarks(marks: string, keys: readonly string[]): StepResult[] {
  const byKey = lightResultsOf(keys)
  const results: StepResult[] = []
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i]!
    if (!LIGHT[mark]) continue
    const cache = byKey[i]!
    let result = cache.get(mark)
    if (!result) {
      result = lightResult(keys[i]!, mark)
      cache.set(mark, result)
    }
    results.push(result)
  }
  return results
}
