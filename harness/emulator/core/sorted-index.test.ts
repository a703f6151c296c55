/** SortedMap pages: keys in code-unit order, after a token, within a prefix, with a filter, `more` exact. */
import { describe, expect, it } from 'vitest'
import { SortedMap } from './sorted-index.js'

const KEYS = ['/ecs/b', '/aws/lambda/x', '/ecs/a', 'Zeta', '/ecs/c/d', 'alpha', '/aws/lambda/y', '/ecs']

function mapOf(keys: string[]): SortedMap<number> {
  const map = new SortedMap<number>()
  for (const [index, key] of keys.entries()) map.set(key, index)
  return map
}

describe('SortedMap.page', () => {
  it.each([
    { query: { limit: 100 }, keys: [...KEYS].sort(), more: false },
    { query: { limit: 3 }, keys: ['/aws/lambda/x', '/aws/lambda/y', '/ecs'], more: true },
    { query: { limit: 3, after: '/ecs' }, keys: ['/ecs/a', '/ecs/b', '/ecs/c/d'], more: true },
    { query: { limit: 3, prefix: '/ecs/' }, keys: ['/ecs/a', '/ecs/b', '/ecs/c/d'], more: false },
    { query: { limit: 2, prefix: '/ecs/', after: '/ecs/a' }, keys: ['/ecs/b', '/ecs/c/d'], more: false },
    { query: { limit: 5, prefix: '/ecs/', after: '/aws/zzz' }, keys: ['/ecs/a', '/ecs/b', '/ecs/c/d'], more: false },
    { query: { limit: 5, prefix: '/ecs/', after: '/ecs/zzz' }, keys: [], more: false },
    { query: { limit: 1, where: (k: string) => k.includes('lambda') }, keys: ['/aws/lambda/x'], more: true },
    { query: { limit: 2, where: (k: string) => k.includes('c') }, keys: ['/ecs', '/ecs/a'], more: true },
    { query: { limit: 10, prefix: 'nothing' }, keys: [], more: false },
    // Code-unit order, like `<` on strings: upper case sorts before lower case.
    { query: { limit: 2, after: '/ecs/c/d' }, keys: ['Zeta', 'alpha'], more: false },
  ])('$query → $keys', ({ query, keys, more }) => {
    expect(mapOf(KEYS).page(query)).toEqual({ keys, more })
  })

  it('keeps the order through overwrites, deletes and clear', () => {
    const map = mapOf(KEYS)
    map.set('/ecs/a', 99)
    map.delete('/ecs/b')
    map.delete('not-there')
    expect(map.get('/ecs/a')).toBe(99)
    expect(map.page({ limit: 10, prefix: '/ecs/' }).keys).toEqual(['/ecs/a', '/ecs/c/d'])
    expect(map.size).toBe(KEYS.length - 1)
    map.clear()
    expect(map.page({ limit: 10 })).toEqual({ keys: [], more: false })
    map.set('b', 1)
    map.set('a', 2)
    expect(map.page({ limit: 10 }).keys).toEqual(['a', 'b'])
  })
})

describe('SortedMap over many keys (the order spans several blocks)', () => {
  it('pages every key once, in order, through inserts and deletes in random order', () => {
    const map = new SortedMap<number>()
    const reference = new Set<string>()
    let seed = 7
    const random = () => {
      seed = (seed * 48271) % 2147483647
      return seed
    }
    for (let step = 0; step < 6000; step++) {
      const key = `k${random() % 3000}`
      if (random() % 4 === 0) {
        expect(map.delete(key)).toBe(reference.delete(key))
      } else {
        map.set(key, step)
        reference.add(key)
      }
    }
    const sorted = [...reference].sort()
    const paged: string[] = []
    let after: string | undefined
    for (;;) {
      const page = map.page({ after, limit: 37 })
      paged.push(...page.keys)
      if (!page.more) break
      after = page.keys.at(-1)
    }
    expect(paged).toEqual(sorted)
    expect(map.page({ prefix: 'k1', limit: 5000 }).keys).toEqual(sorted.filter((key) => key.startsWith('k1')))
    for (const key of sorted) map.delete(key)
    expect(map.page({ limit: 10 })).toEqual({ keys: [], more: false })
  })
})
