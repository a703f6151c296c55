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
const splitKeys = new WeakMap<readonly string[], Where[]>()

/** A group's keys as scenario / step / region, split once however many runs are decoded. */
function wheresOf(keys: readonly string[]): Where[] {
  let wheres = splitKeys.get(keys)
  if (!wheres || wheres.length !== keys.length) {
    wheres = keys.map((key) => {
      const [scenario, step, region] = key.split('\u0000') as [string, string, string]
      return { scenario, step, region }
    })
    splitKeys.set(keys, wheres)
  }
  return wheres
}

/** The light results of a run's marks, in the group's key order; absent steps are left out. */
export function resultsOfMarks(marks: string, keys: readonly string[]): StepResult[] {
  const wheres = wheresOf(keys)
  const results: StepResult[] = []
  for (let i = 0; i < marks.length; i++) {
    const light = LIGHT[marks[i]!]
    if (!light) continue
    const { scenario, step, region } = wheres[i]!
    results.push({ scenario, step, region, ...light } as StepResult)
  }
  return results
}
