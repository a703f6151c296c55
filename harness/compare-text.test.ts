import { describe, expect, it } from 'vitest'
import { compareText } from './compare-text.js'
import { orderResults } from './history/order-results.js'
import type { StepResult } from './history/types.js'

describe('compareText', () => {
  it('orders by code units, whatever the machine locale says', () => {
    // Given names a locale collation orders otherwise (case folded, punctuation weighed apart)
    const names = ['b-step', 'B_step', 'a', 'b_step', 'A', 'b/step']
    // When they are sorted
    const sorted = [...names].sort(compareText)
    // Then upper case comes before lower case and '-' < '/' < '_', as `<` and UTF-8 bytes order them
    expect(sorted).toEqual(['A', 'B_step', 'a', 'b-step', 'b/step', 'b_step'])
    expect(compareText('x', 'x')).toBe(0)
  })

  it("orders a run's results the same way on every machine", () => {
    const result = (scenario: string): StepResult => ({
      scenario,
      step: 'Step',
      region: 'us-east-1',
      outcome: { kind: 'allowed', durationMs: 1 },
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:00.001Z',
    })
    const ordered = orderResults([result('alpha/x'), result('Zeta/y')], ['us-east-1'])
    expect(ordered.map((r) => r.scenario)).toEqual(['Zeta/y', 'alpha/x'])
  })
})
