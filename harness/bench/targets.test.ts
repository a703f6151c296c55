import { expect, it } from 'vitest'
import type { CriticalPathResult } from './critical-path-bench.js'
import { criticalPathRows } from './targets.js'

const result = (timeScale: number, wallMs: number, boundMs: number): CriticalPathResult => ({
  where: 'ap-east-1',
  timeScale,
  regions: 1,
  enabledDuringRun: 1,
  run: { wallMs, cpuMs: 1000, maxRssMiB: 250, exitCode: 0 },
  boundMs,
  parts: { createMs: 600, roleMs: 1300, regionsMs: 3300, stepsMs: 60, trailMs: 3000 },
  overhead: [['start-up until CreateAccount', 400]],
})

it('judges item 3 at the run default time scale only; the slower scale is a diagnostic row', () => {
  const [ofRecord, diagnostic] = criticalPathRows([result(0.01, 7750, 6960), result(0.1, 69_940, 69_060)])
  expect(ofRecord).toMatchObject({ verdict: 'not met', figure: expect.stringContaining('**1.11×**') })
  expect(ofRecord!.metric).toContain('time scale 0.01, 1 run')
  expect(diagnostic!.verdict).toBeUndefined()
  expect(diagnostic!.metric).toContain('time scale 0.1, 1 run')
  expect(diagnostic!.note).toMatch(
    /^diagnostic, no verdict \(the 0\.01 row above is the verdict of record\): at 0\.1 the bound is 10× longer/,
  )
})

it('leaves out the same four rows when the runs are skipped', () => {
  expect(criticalPathRows(undefined).map((row) => [row.metric, row.verdict])).toEqual([
    ['run wall vs critical-path bound, ap-east-1, time scale 0.01', 'not measured'],
    ['run wall vs critical-path bound, all regions, time scale 0.01', 'not measured'],
    ['run wall vs critical-path bound, ap-east-1, time scale 0.1', 'not measured'],
    ['run wall vs critical-path bound, all regions, time scale 0.1', 'not measured'],
  ])
})
