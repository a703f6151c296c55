/**
 * Given a region that never became ready, when its scenarios run, then no call is attempted and each
 * step is recorded as region-not-ready (inconclusive in a diff, never drift), with the reason.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { StepResult } from '../history/types.js'
import { classifyThrown } from '../outcomes/classify.js'
import { collectScenarios } from './collect.js'
import { runRegion } from './run-region.js'

const SHIPPED = path.resolve(import.meta.dirname, '../../scenarios/*.ts')

describe('runRegion in a region that is not ready', () => {
  it('records every shipped scenario step as region-not-ready without calling AWS', async () => {
    const scenarios = (await collectScenarios([SHIPPED], [])).map((loaded) => loaded.scenario)
    const steps: StepResult[] = []
    const noClient = () => {
      throw new Error('no client may be built for a region that is not ready')
    }
    const results = await runRegion({
      region: 'me-south-1',
      scenarios,
      notReady: 'region me-south-1 did not become ENABLED',
      admin: noClient,
      classify: classifyThrown,
      onFactsProblem: () => undefined,
      base: {
        runId: 'r',
        nameToken: 'tok',
        accountId: '123456789012',
        tags: {},
        launch: false,
        minimal: noClient,
        signal: new AbortController().signal,
        onStep: (result) => steps.push(result),
        onCleanup: () => {
          throw new Error('nothing was created, so nothing needs cleaning up')
        },
      },
    })
    expect(results.map((r) => `${r.scenario} ${r.step} ${r.outcome.kind}`).sort()).toEqual([
      'ec2/run-tagged-instance RunInstances region-not-ready',
      'ecr/create-tagged-repository CreateRepository region-not-ready',
      'logs/create-tagged-log-group CreateLogGroup region-not-ready',
    ])
    expect(results[0]?.outcome).toMatchObject({ message: 'region me-south-1 did not become ENABLED' })
    expect(steps).toEqual(results)
  })
})
