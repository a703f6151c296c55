/** Random ids drawn from the shared byte pool: AWS's shapes, and no repeats across many pool refills. */
import { describe, expect, it } from 'vitest'
import { newAccessKeyId, newIamId, newLowerId } from './ids.js'

describe('random ids', () => {
  it('keep their shape and never repeat over many refills of the pool', () => {
    const ids = new Set<string>()
    for (let i = 0; i < 5_000; i++) {
      const role = newIamId('AROA')
      expect(role).toMatch(/^AROA[A-Z2-7]{17}$/)
      ids.add(role)
    }
    expect(ids.size).toBe(5_000)
    expect(newAccessKeyId(true)).toMatch(/^ASIA[A-Z2-7]{16}$/)
    expect(newLowerId('vpc-', 17)).toMatch(/^vpc-[a-z0-9]{17}$/)
  })
})
