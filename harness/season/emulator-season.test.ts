/**
 * A short season with the emulator in the loop: three nights of the real `harness run` against one
 * emulator holding a generated fresh-accounts-only change that reaches us-east-1 on night 1, which is
 * the night the harness is SIGKILLed. Night 2's run sweeps what night 1 left and reports the change.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../e2e/cli-project.js'
import { collectScenarios } from '../runtime/collect.js'
import { simulateSeasonOnEmulator } from './emulator-season.js'

const LOGS = 'logs/create-tagged-log-group'

describe('simulateSeasonOnEmulator (short)', () => {
  it('detects a change the night after a killed run, with no false regression and nothing left over', async () => {
    const scenarioFiles = path.join(REPO_ROOT, 'scenarios/*.ts')
    const loaded = await collectScenarios([scenarioFiles], [])
    const result = await simulateSeasonOnEmulator({
      seed: 3,
      nights: 3,
      regions: ['us-east-1'],
      scenarios: loaded.map(({ scenario }) => ({ name: scenario.name, operations: scenario.operations })),
      scenarioFiles,
      policyFile: path.join(REPO_ROOT, 'scenarios/minimal-policy.json'),
      freshEvery: 15,
      strategy: 'per-run',
      killRate: 0,
      killNights: [1],
      // Faults off: the assertions below are exact; the benchmark runs with them on.
      faultRate: 0,
      changes: [{ id: 'change-1', scenario: LOGS, who: 'fresh-only', arrivals: new Map([['us-east-1', 1]]) }],
    })
    expect(result).toMatchObject({ nightsRun: 2, nightsKilled: 1, nightsBlocked: 0 })
    expect(result.changes[0]).toMatchObject({ detectedNight: 2, detectedRegion: 'us-east-1', delay: 1 })
    expect(result.falseRegressions).toEqual([])
    // Night 2's pre-sweep removed what the killed night left; every per-run account is closed.
    expect(result.leftoverResources).toBe(0)
    expect(result.leftoverAccounts).toBe(0)
    expect(result.maxHeld).toBeLessThanOrEqual(result.quota)
  }, 120_000)
})
