import { describe, expect, it } from 'vitest'
import { defineScenario } from '../index.js'
import { classifyThrown } from '../outcomes/classify.js'
import { runScenario, SCENARIO_CRASH_STEP } from './run-scenario.js'
import type { RegionRun } from './scenario-context.js'

const run: RegionRun = {
  runId: '2026-01-01T00-00-00Z-abc123',
  nameToken: 'abc123',
  region: 'us-east-1',
  accountId: '123456789012',
  tags: {},
  launch: false,
  facts: {},
  minimal: () => {
    throw new Error('no clients in this test')
  },
  classify: classifyThrown,
  signal: new AbortController().signal,
  onStep: () => undefined,
  onCleanup: () => undefined,
}

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
