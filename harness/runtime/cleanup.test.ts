import { describe, expect, it } from 'vitest'
import { defineScenario } from '../index.js'
import { CleanupRegistry } from './cleanup.js'
import { runScenario } from './run-scenario.js'
import { testRegionRun } from './test-region-run.js'

describe('CleanupRegistry', () => {
  it('runs cleanups last-registered first, in their region, and keeps going after a failure', async () => {
    const registry = new CleanupRegistry()
    const order: string[] = []
    registry.add('us-east-1', 'a', () => order.push('first'))
    registry.add('ap-east-1', 'b', async () => {
      throw new Error('ResourceNotFoundException: gone already')
    })
    registry.add('eu-west-1', 'c', (admin) => order.push(`third:${String(admin)}`))
    const failures = await registry.runAll((region) => `admin@${region}` as never)
    expect(order).toEqual(['third:admin@eu-west-1', 'first'])
    expect(failures).toEqual([
      { region: 'ap-east-1', scenario: 'b', message: 'Error: ResourceNotFoundException: gone already' },
    ])
    expect(registry.size).toBe(0)
  })
})

describe('runScenario', () => {
  it('records a scenario that throws outside step() as an error step, keeping the steps before it', async () => {
    const scenario = defineScenario({
      name: 'broken/scenario',
      async run({ step }) {
        await step('Fine', async () => 'ok')
        throw new TypeError('cannot read properties of undefined')
      },
    })
    const run = testRegionRun({ runId: 'r', nameToken: 't' })
    const results = await runScenario(scenario, run)
    expect(results.map((r) => [r.step, r.outcome.kind])).toEqual([
      ['Fine', 'allowed'],
      ['(scenario)', 'error'],
    ])
    expect(results[1]?.outcome).toMatchObject({
      errorName: 'TypeError',
      message: expect.stringContaining('cannot read'),
    })
  })
})
