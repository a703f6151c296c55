/**
 * Injected faults through `--faults <file>`: a failed CreateAccount is a provisioning failure
 * (exit 3, one clear sentence, nothing left behind); a step throttled even after the SDK's retries
 * is recorded as throttled and shown as inconclusive, never as drift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, E2E_TIMEOUT_MS, leftovers, type Project, shippedConfig } from './cli-project.js'

describe('a CreateAccount failure', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'faults.json': JSON.stringify([{ fault: 'create-account-failure', failureReason: 'EMAIL_ALREADY_EXISTS' }]),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'exits 3 with a clear message naming the failure reason, and writes no run record',
    async () => {
      const result = await project.run(['run', '--region', 'us-east-1', '--faults', 'faults.json'])
      expect(result.code).toBe(3)
      // Said up front, so a failure in the output is not taken for AWS's own.
      expect(result.stdout).toMatch(/^Using the embedded AWS emulator .*, faults from \/.*faults\.json\.$/m)
      const lines = result.stderr.trim().split('\n')
      expect(lines).toHaveLength(1)
      expect(lines[0]).toMatch(/^harness: .*EMAIL_ALREADY_EXISTS/)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(await project.files('reports/runs')).toEqual([])
      expect(leftovers(result.dump)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )
})

describe('a throttled step', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      'faults.json': JSON.stringify([
        { service: 'logs', operation: 'CreateLogGroup', region: 'eu-west-1', fault: 'throttle' },
      ]),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'is inconclusive, not drift',
    async () => {
      const baseline = await project.run(['run', '--region', 'eu-west-1'])
      expect(baseline.code).toBe(0)
      const throttled = await project.run(['run', '--region', 'eu-west-1', '--faults', 'faults.json'])
      expect(throttled.stderr).toBe('')
      expect(throttled.code).toBe(0)
      expect(throttled.stdout).toContain(
        '[eu-west-1] logs/create-tagged-log-group › CreateLogGroup: throttled ThrottlingException',
      )
      const drift = JSON.parse(await project.read('reports/drift.json'))
      const logs = drift.changes.find((c: { scenario: string }) => c.scenario === 'logs/create-tagged-log-group')
      expect(logs).toMatchObject({
        region: 'eu-west-1',
        step: 'CreateLogGroup',
        change: 'inconclusive',
        to: { kind: 'throttled' },
      })
      expect(drift.changes.filter((c: { change: string }) => c.change === 'regression')).toEqual([])
      expect(leftovers(baseline.dump)).toEqual([])
      expect(leftovers(throttled.dump)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )
})

describe('a slow CloudTrail before the steps', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({
      'harness.config.ts': shippedConfig(),
      // The first CloudTrail question in eu-west-1, whether the account was used before, takes 1.5 s.
      'faults.json': JSON.stringify([
        {
          service: 'cloudtrail',
          operation: 'LookupEvents',
          region: 'eu-west-1',
          fault: 'slow',
          delayMs: 1_500,
          count: 1,
        },
      ]),
    })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'does not hold the steps back, and their results are still marked fresh',
    async () => {
      const result = await project.run(['run', '--region', 'eu-west-1', '--faults', 'faults.json'])
      expect(result.stderr).toBe('')
      expect(result.code).toBe(0)
      // The emulator logs a call when it answers: a step answered before the slow question was.
      const calls = result.dump?.calls.filter((call) => call.region === 'eu-west-1') ?? []
      const answered = (operation: string) => calls.findIndex((call) => call.operation === operation)
      expect(answered('LookupEvents')).toBeGreaterThan(answered('CreateLogGroup'))
      expect(answered('CreateLogGroup')).toBeGreaterThanOrEqual(0)
      const [file] = await project.files('reports/runs')
      const record = JSON.parse(await project.read(file!)) as { results: Array<{ freshness?: string }> }
      expect(record.results.length).toBeGreaterThan(0)
      expect(record.results.every((step) => step.freshness === 'fresh')).toBe(true)
    },
    E2E_TIMEOUT_MS,
  )
})
