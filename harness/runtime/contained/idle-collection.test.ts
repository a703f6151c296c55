import { setImmediate as nextTurn } from 'node:timers/promises'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { collectWhileIdle } from './idle-collection.js'

describe('collectWhileIdle', () => {
  it('collects the garbage soon after, and leaves no gc() behind in any context', async () => {
    // Given an object only a weak reference still points to, made in an earlier turn of the event loop
    const weak = await (async () => {
      const ref = new WeakRef({ payload: new Array(1000).fill('x') })
      await nextTurn()
      return ref
    })()
    // When the process collects while idle
    collectWhileIdle()
    await nextTurn()
    await nextTurn()
    // Then the object is gone, and neither this context nor a new one has a global gc
    expect(weak.deref()).toBeUndefined()
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined')
    expect(runInNewContext('typeof gc')).toBe('undefined')
  })
})
