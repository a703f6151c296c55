/** A RegionRun for runtime tests that run scenarios without AWS clients (test-only). */
import { classifyThrown } from '../outcomes/classify.js'
import type { RegionRun } from './scenario-context.js'

export function testRegionRun(overrides: Partial<RegionRun> = {}): RegionRun {
  return {
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
    onCleanup: () => () => undefined,
    ...overrides,
  }
}
