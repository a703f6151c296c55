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
  const results: StepResult[] = []
  for (let i = 0; i < marks.length; i++) {
    const result = lightAt(marks, keys, i)
    if (result) results.push(result)
  }
  decoded.set(results, { marks, keys })
  return results
}

function lightAt(marks: string, keys: readonly string[], i: number): StepResult | undefined {
  const mark = marks[i]
  if (mark === undefined || !LIGHT[mark]) return undefined
  const cache = lightResultsOf(keys)[i]!
  let result = cache.get(mark)
  if (!result) {
    result = lightResult(keys[i]!, mark)
    cache.set(mark, result)
  }
  return result
}

/** Where each decoded results array came from, so a reader can look a step up by key instead of scanning. */
const decoded = new WeakMap<readonly StepResult[], { marks: string; keys: readonly string[] }>()
const positions = new WeakMap<readonly string[], Map<string, number>>()

/**
 * For results decoded by resultsOfMarks: the result of a step key (`stepKey`), or undefined when the run
 * did not have it. Undefined for any other results array.
 */
export function lookupDecoded(results: readonly StepResult[]): ((key: string) => StepResult | undefined) | undefined {
  const source = decoded.get(results)
  if (!source) return undefined
  const { marks, keys } = source
  let position = positions.get(keys)
  if (!position || position.size !== keys.length) {
    position = new Map(keys.map((key, i) => [key, i]))
    positions.set(keys, position)
  }
  const at = position
  return (key) => {
    const i = at.get(key)
    return i === undefined ? undefined : lightAt(marks, keys, i)
  }
}
