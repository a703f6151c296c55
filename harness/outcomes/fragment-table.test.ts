/** The packed fragment set against a Map<string, number> oracle: same membership after any adds and removals. */
import { describe, expect, it } from 'vitest'
import { FragmentTable, WINDOW } from './fragment-table.js'

/** A small deterministic generator (xorshift32), so a failure replays. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
}

describe('FragmentTable', () => {
  it('agrees with a counted map through growth, removals to zero and re-adds, for 7-bit and wider characters', () => {
    const next = random(0x5eed)
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=%\\-_\u0000é€'
    const word = () => Array.from({ length: WINDOW }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
    const words = Array.from({ length: 6000 }, word)
    const table = new FragmentTable()
    const oracle = new Map<string, number>()
    const apply = (text: string, by: 1 | -1) => {
      table.add(`..${text}..`, 2, by)
      const count = (oracle.get(text) ?? 0) + by
      if (count > 0) oracle.set(text, count)
      else oracle.delete(text)
    }
    for (const text of words) apply(text, 1)
    for (const text of words.slice(0, 3000)) apply(text, 1)
    for (const text of words.slice(0, 4500)) apply(text, -1)
    for (const text of words.slice(1000, 2000)) apply(text, -1)
    for (const text of words.slice(0, 500)) apply(text, 1)
    for (const text of [...words, 'notthere', 'nøtthere']) expect(table.has(text, 0), text).toBe(oracle.has(text))
    expect(table.size).toBe(oracle.size)
    expect([...table.windows()].sort()).toEqual([...oracle.keys()].sort())
    // Removing what is not there changes nothing.
    table.add('notthere', 0, -1)
    expect(table.has('notthere', 0)).toBe(false)
    expect(table.size).toBe(oracle.size)
    table.clear()
    expect(table.size).toBe(0)
    expect(table.has(words[4999]!, 0)).toBe(false)
  })
})
