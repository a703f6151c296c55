/** The bench's test-suite row: the verdict the target names, and the CPU gauge that says how fast the cores were. */
import { expect, it } from 'vitest'
import type { SuiteResult } from './suite-bench.js'
import { suiteRows } from './targets.js'

const suite = (wallSeconds: number, extra: Partial<SuiteResult> = {}): SuiteResult => ({
  wallSeconds,
  cpuSeconds: 130,
  passed: true,
  summary: 'Test Files 222 passed (222)',
  longestFiles: ['harness/e2e/verdict-causes.test.ts 26.8 s'],
  ...extra,
})

it('is met under 90 s when passing, and names the gauge before and after the suite beside the longest files', () => {
  const [row] = suiteRows(suite(76.2, { gauge: { before: 2.31, after: 2.4 } }))
  expect(row).toMatchObject({ figure: '76.2 s wall, 130 s CPU', verdict: 'met' })
  expect(row?.note).toBe(
    'CPU gauge (a fixed loop in a new Node process; lower is faster cores): 2.31 s before, 2.4 s after; longest files: harness/e2e/verdict-causes.test.ts 26.8 s',
  )
})

it('is not met at 90 s or when failing, and a result without a gauge notes only the files', () => {
  expect(suiteRows(suite(90))[0]?.verdict).toBe('not met')
  expect(suiteRows(suite(60, { passed: false }))[0]?.verdict).toBe('not met')
  expect(suiteRows(suite(60))[0]?.note).toBe('longest files: harness/e2e/verdict-causes.test.ts 26.8 s')
})
