/** A short season: reproducible from its seed, never above quota, never blocked, and detects the fresh-only changes it can reach. */
import { describe, expect, it } from 'vitest'
import { simulateSeason } from './simulate.js'

const scenarios = [
  { name: 'logs/create', operations: ['logs:CreateLogGroup', 'logs:CreateLogGroup+tags'] },
  { name: 'ecr/create', operations: ['ecr:CreateRepository', 'ecr:CreateRepository+tags'] },
]
const regions = ['us-east-1', 'eu-west-1', 'ap-south-1', 'ca-central-1', 'sa-east-1']
const short = { seed: 7, nights: 120, regions, scenarios, freshEvery: 15, changes: 6 }

describe('simulateSeason (short)', () => {
  it('is reproducible from its seed', () => {
    expect(simulateSeason(short)).toEqual(simulateSeason(short))
  })

  it('never holds more accounts than the quota, and never blocks, killed nights included', () => {
    const result = simulateSeason(short)
    expect(result.aboveQuota).toBe(false)
    expect(result.maxHeld).toBeLessThanOrEqual(10 - 1)
    expect(result.nightsBlocked).toBe(0)
    expect(result.nightsRun + result.nightsKilled).toBe(120)
  })

  it('without kills or faults, every pair is tested fresh within N nights and every change is found', () => {
    // 20 is what the default quota keeps with slack (15 has none), so the planner promises exactly what was asked.
    const result = simulateSeason({ ...short, freshEvery: 20, killRate: 0, faultRate: 0 })
    expect(result.promisedN).toBe(20)
    expect(result.largestGap).toBeLessThanOrEqual(20)
    for (const change of result.changes) {
      expect(change.detectedNight).toBeDefined()
      expect(change.delay!).toBeLessThanOrEqual(20)
      expect(change.blastRadius).toBe(change.change.who === 'fresh-only' ? 'new accounts only' : 'all accounts')
    }
  })

  it('with killed and faulted nights, the planner promises 20 for a wanted 15 and keeps it', () => {
    const result = simulateSeason({ ...short, killRate: 0.08, faultRate: 0.03 })
    expect(result.nightsKilled).toBeGreaterThan(0)
    expect(result.promisedN).toBe(20)
    expect(result.largestGap).toBeLessThanOrEqual(20)
    expect(result.aboveQuota).toBe(false)
  })
})
