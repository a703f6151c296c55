import { describe, expect, it } from 'vitest'
import { runVerdict } from './run-verdict.js'

const summary = (regressions: number, stillDenied = false) => ({
  summary: { regressions, relaxations: 0, changedDenials: 0, inconclusive: 0, new: 0, vanished: 0 },
  changes: [{ region: 'us-east-1', scenario: 's', step: 'Create', change: 'unchanged' as const, stillDenied }],
})
const ready = { name: 'us-east-1' }
const notReady = { name: 'ap-east-1', error: 'EnableRegion did not complete' }

describe('runVerdict', () => {
  it.each([
    ['no drift', summary(0), [ready], [], 0],
    ['a regression', summary(2), [ready], [], 1],
    ['a regression still denied on the next run', summary(0, true), [ready], [], 1],
    ['a regression wins over cleanup problems', summary(1), [ready], ['x'], 1],
    ['one region of two not ready is still a run', summary(0), [ready, notReady], [], 0],
    ['no region ready', summary(0), [notReady], [], 3],
    ['incomplete cleanup', summary(0), [ready], ['[us-east-1] logs: AccessDenied'], 3],
  ] as const)('%s → exit %i', (_case, drift, regions, problems, code) => {
    const verdict = runVerdict(drift, { regions: [...regions] }, problems)
    expect(verdict.code).toBe(code)
    expect(verdict.message === undefined).toBe(code !== 3)
  })
})
