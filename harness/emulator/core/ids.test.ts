/** Random ids drawn from the shared byte pool: AWS's shapes, and no repeats across many pool refills. */
import { describe, expect, it } from 'vitest'
import { newAccessKeyId, newIamId, newLowerId, newRequestId } from './ids.js'

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

  it('request ids are version 4 UUIDs (RFC 9562 §5.4) with every random digit and variant in use, never repeating', () => {
    const ids = new Set<string>()
    const variants = new Set<string>()
    const digits = new Set<string>()
    for (let i = 0; i < 5_000; i++) {
      const id = newRequestId()
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
      ids.add(id)
      variants.add(id[19]!)
      for (const digit of id.slice(0, 8)) digits.add(digit)
    }
    expect(ids.size).toBe(5_000)
    expect([...variants].sort()).toEqual(['8', '9', 'a', 'b'])
    expect(digits.size).toBe(16)
  })
})
