import { describe, expect, it } from 'vitest'
import { formatWaited, withHeartbeat } from './heartbeat.js'

describe('withHeartbeat', () => {
  it('says it is still waiting while the work runs, and stops when it settles', async () => {
    const said: string[] = []
    let finish: (value: string) => void = () => undefined
    const work = new Promise<string>((resolve) => {
      finish = resolve
    })
    const waiting = withHeartbeat(work, (waited) => said.push(waited), 5)
    while (said.length < 2) await new Promise((resolve) => setTimeout(resolve, 5))
    finish('done')
    await expect(waiting).resolves.toBe('done')
    const count = said.length
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(said.length).toBe(count)
  })

  it.each([
    [4_400, '4 s'],
    [61_000, '1 min 01 s'],
    [3_600_000, '60 min 00 s'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatWaited(ms)).toBe(text)
  })
})
