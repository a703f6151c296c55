import { expect, it } from 'vitest'
import { type CriticalPathResult, DIAGNOSTICS } from './critical-path-bench.js'
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

it('judges item 3 on the ap-east-1 and all-regions runs at the default time scale; the others are diagnostic rows', () => {
  const [ofRecord, standard, awsLike] = criticalPathRows([
    result(0.01, 7750, 6960),
    { ...result(0.01, 5500, 4950), where: 'us-east-1', diagnostic: DIAGNOSTICS.standardRegion },
    { ...result(0.1, 69_940, 69_060), diagnostic: DIAGNOSTICS.awsLike },
  ])
  expect(ofRecord).toMatchObject({ verdict: 'not met', figure: expect.stringContaining('**1.114×**') })
  expect(ofRecord!.metric).toContain('time scale 0.01, 1 run')
  expect(ofRecord!.note).not.toContain('diagnostic')
  expect(standard!.verdict).toBeUndefined()
  expect(standard!.metric).toContain('us-east-1')
  expect(standard!.note).toMatch(/^diagnostic, no verdict .*: a region every account has, where the role/)
  expect(awsLike!.verdict).toBeUndefined()
  expect(awsLike!.metric).toContain('time scale 0.1, 1 run')
  expect(awsLike!.note).toMatch(
    /^diagnostic, no verdict \(the ap-east-1 and all-regions rows at time scale 0\.01 are the verdict of record\): at 0\.1 the bound is 10× longer/,
  )
})

it('leaves out the same five rows when the runs are skipped', () => {
  expect(criticalPathRows(undefined).map((row) => [row.metric, row.verdict])).toEqual([
    ['run wall vs critical-path bound, ap-east-1, time scale 0.01', 'not measured'],
    ['run wall vs critical-path bound, all regions, time scale 0.01', 'not measured'],
    ['run wall vs critical-path bound, us-east-1, time scale 0.01', 'not measured'],
    ['run wall vs critical-path bound, ap-east-1, time scale 0.1', 'not measured'],
    ['run wall vs critical-path bound, all regions, time scale 0.1', 'not measured'],
  ])
})

it('says when the timed runs wrote no call audit, and how the run that wrote it for the split compares', () => {
  const [timed] = criticalPathRows([{ ...result(0.01, 7300, 6960), ratios: [1.05, 1.04, 1.06], auditedRatio: 1.062 }])
  expect(timed!.figure).toContain('**1.049×**')
  expect(timed!.metric).toContain('median of 3 runs (1.050×, 1.040×, 1.060×)')
  expect(timed!.note).toContain(
    "the runs timed as a user's, without the call audit (HARNESS_EMULATOR_DUMP), which one more run wrote at its end (1.062× with it); beyond the bound in that run, from its call audit: start-up until CreateAccount 0.40 s",
  )
})
