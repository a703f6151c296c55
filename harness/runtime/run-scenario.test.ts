import { describe, expect, it } from 'vitest'
import { defineScenario } from '../index.js'
import { runScenario, SCENARIO_CRASH_STEP } from './run-scenario.js'
import { testRegionRun } from './test-region-run.js'

const run = testRegionRun()

describe('runScenario', () => {
  it('records a crash outside step() without the credentials in its name or message', async () => {
    // Given a scenario that throws an error whose name and message embed an access key id
    const scenario = defineScenario({
      name: 'leaky',
      async run() {
        throw Object.assign(new Error('key ASIAQWERTYUIOPASDFGH'), { name: 'BadASIAQWERTYUIOPASDFGH' })
      },
    })
    // When it runs, Then the crash is recorded as an error step, redacted
    const [result] = await runScenario(scenario, run)
    expect(result?.step).toBe(SCENARIO_CRASH_STEP)
    expect(JSON.stringify(result)).not.toContain('ASIAQWERTYUIOPASDFGH')
    expect(result?.outcome).toMatchObject({ kind: 'error', errorName: 'Bad[REDACTED]' })
  })
})
