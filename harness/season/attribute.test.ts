/** attributeRegressions: which generated change a reported regression detects, and which regressions are false. Pure. */
import { describe, expect, it } from 'vitest'
import { attributeRegressions, type ChangeResult } from './attribute.js'
import type { SimChange } from './changes.js'

const change = (id: string, arrivals: Record<string, number>): SimChange => ({
  id,
  scenario: 'logs/create',
  who: 'fresh-only',
  arrivals: new Map(Object.entries(arrivals)),
})
const actions = new Map([
  ['change-1', 'logs:PutRetentionPolicy'],
  ['change-2', 'logs:AssociateKmsKey'],
])
const regression = (region: string, missingAction?: string) => ({
  scenario: 'logs/create',
  step: 'CreateLogGroup',
  region,
  missingAction,
})

describe('attributeRegressions', () => {
  it('Given a change that reached the region, when its step regresses, then it is detected with its delay from the first tested arrival', () => {
    const results: ChangeResult[] = [{ change: change('change-1', { 'eu-west-1': 3, 'us-east-1': 5, 'xx-none-1': 1 }) }]
    const falseOnes = attributeRegressions(results, [regression('us-east-1')], 6, ['us-east-1', 'eu-west-1'], actions)
    expect(falseOnes).toEqual([])
    // xx-none-1 is not tested: the delay counts from eu-west-1 (night 3).
    expect(results[0]).toMatchObject({ detectedNight: 6, detectedRegion: 'us-east-1', delay: 3 })
  })

  it('counts a regression in a region no change has reached (or not yet) as false', () => {
    const results: ChangeResult[] = [{ change: change('change-1', { 'eu-west-1': 3 }) }]
    const falseOnes = attributeRegressions(
      results,
      [regression('us-east-1'), regression('eu-west-1')],
      2,
      ['us-east-1', 'eu-west-1'],
      actions,
    )
    expect(falseOnes.map((f) => [f.region, f.night])).toEqual([
      ['us-east-1', 2],
      ['eu-west-1', 2],
    ])
    expect(results[0]!.detectedNight).toBeUndefined()
  })

  it('of two changes on one step, detects the one whose permission the denial names', () => {
    const results: ChangeResult[] = [
      { change: change('change-1', { 'us-east-1': 1 }) },
      { change: change('change-2', { 'us-east-1': 1 }) },
    ]
    attributeRegressions(results, [regression('us-east-1', 'logs:AssociateKmsKey')], 1, ['us-east-1'], actions)
    expect(results.map((r) => r.detectedNight)).toEqual([undefined, 1])
  })

  it('does not detect a change twice, nor call its later regions false', () => {
    const results: ChangeResult[] = [{ change: change('change-1', { 'us-east-1': 1, 'eu-west-1': 2 }) }]
    attributeRegressions(results, [regression('us-east-1')], 1, ['us-east-1', 'eu-west-1'], actions)
    const falseOnes = attributeRegressions(results, [regression('eu-west-1')], 2, ['us-east-1', 'eu-west-1'], actions)
    expect(falseOnes).toEqual([])
    expect(results[0]).toMatchObject({ detectedNight: 1, detectedRegion: 'us-east-1' })
  })
})
