import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseDenialMessage } from './parse-denial.js'
import type { DeniedDetails } from './types.js'

interface DenialCase {
  name: string
  message: string
  expected: DeniedDetails
}

const cases: DenialCase[] = JSON.parse(readFileSync(new URL('./parse-denial.cases.json', import.meta.url), 'utf8'))

describe('parseDenialMessage', () => {
  it('has a broad table of real message variants', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40)
  })

  // Given a real AWS denial message, when parsed, then exactly the details it names come out (nothing invented).
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(parseDenialMessage(c.message)).toEqual(c.expected)
  })
})
