import { describe, expect, it } from 'vitest'
import { formatElapsed } from './elapsed.js'

describe('formatElapsed', () => {
  it.each([
    [7.4, '7 ms'],
    [0, '0 ms'],
    [999.4, '999 ms'],
    [999.6, '1.0 s'],
    [9_960, '10 s'],
    [1_000, '1.0 s'],
    [2_345, '2.3 s'],
    [15_000, '15 s'],
    [754_200, '754 s'],
  ])('%s ms reads %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text)
  })
})
