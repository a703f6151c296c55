/** AWS JSON bodies: Dates anywhere become epoch seconds, without touching the handler's objects. */
import { describe, expect, it } from 'vitest'
import { stringifyAwsJson } from './json-body.js'

describe('stringifyAwsJson', () => {
  it('writes every Date as epoch seconds, nested in objects and arrays', () => {
    const at = new Date('2026-06-01T00:00:01.500Z')
    const output = { repository: { createdAt: at, tags: [{ key: 'a' }] }, times: [at, 1], name: 'x' }
    expect(JSON.parse(stringifyAwsJson(output))).toEqual({
      repository: { createdAt: 1780272001.5, tags: [{ key: 'a' }] },
      times: [1780272001.5, 1],
      name: 'x',
    })
    expect(output.repository.createdAt).toBe(at)
    expect(output.times[0]).toBe(at)
  })

  it('writes what JSON.stringify writes when there is no Date', () => {
    const output = { a: [1, undefined, 'b'], b: undefined, c: { d: null, e: Buffer.from('hi') } }
    expect(stringifyAwsJson(output)).toBe(JSON.stringify(output))
    expect(stringifyAwsJson(undefined)).toBe('{}')
  })

  it('converts Dates inside what a toJSON method returns', () => {
    const at = new Date(0)
    expect(stringifyAwsJson({ value: { toJSON: () => ({ at }) } })).toBe('{"value":{"at":0}}')
  })
})
