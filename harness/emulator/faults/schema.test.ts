/** Fault rule validation, normalization, file loading and selection (count, seeded rate). Table-driven. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadFaultsFile } from './index.js'
import { FaultRulesError, parseFaultRules } from './schema.js'
import { mulberry32, ruleFires, ruleMatches } from './selection.js'

function problemsOf(input: unknown): string[] {
  try {
    parseFaultRules(input)
  } catch (error) {
    if (error instanceof FaultRulesError) return error.problems
    throw error
  }
  throw new Error('expected a FaultRulesError')
}

describe('parseFaultRules', () => {
  it.each([
    ['array', [{ fault: 'throttle' }]],
    ['faults object', { faults: [{ fault: 'throttle' }] }],
    ['rules object', { rules: [{ fault: 'throttle' }] }],
  ])('accepts a %s', (_shape, input) => {
    expect(parseFaultRules(input)).toEqual([{ fault: 'throttle' }])
  })

  it('normalizes a bare failureReason into an Organizations CreateAccount failure', () => {
    expect(parseFaultRules([{ failureReason: 'EMAIL_ALREADY_EXISTS', count: 1 }])).toEqual([
      {
        failureReason: 'EMAIL_ALREADY_EXISTS',
        count: 1,
        fault: 'create-account-failure',
        service: 'organizations',
        operation: 'CreateAccount',
      },
    ])
  })

  it.each([
    [{ service: 'logs' }, 'entry 0, field "fault": is required'],
    [{ fault: 'explode' }, 'entry 0, field "fault"'],
    [{ fault: 'throttle', rate: 1.5 }, 'entry 0, field "rate"'],
    [{ fault: 'throttle', count: -1 }, 'entry 0, field "count"'],
    [{ fault: 'slow' }, 'entry 0, field "delayMs": is required for a "slow" fault'],
    [{ fault: 'create-account-failure' }, 'entry 0, field "failureReason": is required'],
    [{ fault: 'throttle', failureReason: 'INVALID_EMAIL' }, 'entry 0, field "failureReason": only applies'],
    [{ fault: 'throttle', services: 'logs' }, 'entry 0, field "(entry)"'],
    [{ fault: 'throttle', region: [] }, 'entry 0, field "region"'],
  ])('rejects %j', (rule, expected) => {
    expect(problemsOf([rule]).join('\n')).toContain(expected)
  })

  it('rejects other top-level shapes', () => {
    expect(() => parseFaultRules({ faults: [], extra: 1 })).toThrow('expected a JSON array of rules')
    expect(() => parseFaultRules('throttle')).toThrow('expected a JSON array of rules')
  })
})

describe('loadFaultsFile', () => {
  it('names the file, entry and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'faults-'))
    const path = join(dir, 'faults.json')
    try {
      writeFileSync(path, JSON.stringify([{ fault: 'throttle' }, { fault: 'slow', delayMs: 'long' }]))
      expect(() => loadFaultsFile(path)).toThrow(`fault file ${path}:\n  entry 1, field "delayMs"`)
      writeFileSync(path, '[')
      expect(() => loadFaultsFile(path)).toThrow(`Cannot read fault file ${path}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('selection', () => {
  const call = { service: 'logs', iamPrefix: 'logs', operation: 'CreateLogGroup', region: 'eu-west-1', accountId: '1' }

  it.each([
    [{}, true],
    [{ service: 'LOGS' }, true],
    [{ service: ['ecr', 'logs'] }, true],
    [{ service: 'ecr' }, false],
    [{ operation: 'CreateLogGroup', region: 'eu-west-1' }, true],
    [{ region: 'us-east-1' }, false],
    [{ accountId: '2' }, false],
  ])('%j matches: %s', (rule, expected) => {
    expect(ruleMatches({ fault: 'throttle', ...rule }, call)).toBe(expected)
  })

  it('fires the first `count` times only, counting afresh for another emulator state', () => {
    const owner = {}
    const rule = { fault: 'throttle' as const, count: 2 }
    expect([1, 2, 3, 4].map(() => ruleFires(owner, rule, 0, 1))).toEqual([true, true, false, false])
    expect(ruleFires({}, rule, 0, 1)).toBe(true)
  })

  it('draws a seeded rate reproducibly, near the requested rate', () => {
    const draw = () => {
      const owner = {}
      const rule = { fault: 'throttle' as const, rate: 0.3, seed: 7 }
      return Array.from({ length: 1000 }, () => ruleFires(owner, rule, 0, 1))
    }
    const first = draw()
    expect(draw()).toEqual(first)
    const rate = first.filter(Boolean).length / first.length
    expect(rate).toBeGreaterThan(0.25)
    expect(rate).toBeLessThan(0.35)
  })

  it('mulberry32 is deterministic per seed', () => {
    const a = mulberry32(1)
    const b = mulberry32(1)
    const c = mulberry32(2)
    const [x, y, z] = [a(), b(), c()]
    expect(x).toBe(y)
    expect(x).not.toBe(z)
  })
})
