import { describe, expect, it } from 'vitest'
import { createLimiter } from './limit.js'

describe('createLimiter', () => {
  it('never runs more than `size` tasks at once and runs them all', async () => {
    const limit = createLimiter(2)
    let active = 0
    let peak = 0
    const task = (value: number) => async () => {
      active++
      peak = Math.max(peak, active)
      await new Promise((resolve) => setImmediate(resolve))
      active--
      return value
    }
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => limit(task(n))))
    expect(results).toEqual([1, 2, 3, 4, 5])
    expect(peak).toBe(2)
  })

  it('frees the slot when a task fails', async () => {
    const limit = createLimiter(1)
    await expect(limit(async () => Promise.reject(new Error('x')))).rejects.toThrow('x')
    await expect(limit(async () => 'next')).resolves.toBe('next')
  })
})
