/**
 * The CloudTrail delivery wait is not idle time: the scenario resources are deleted while CloudTrail
 * delivers, and the capture looks up the run's events only after the full wait.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createProject, E2E_TIMEOUT_MS, leftovers, type Project, shippedConfig } from './cli-project.js'

describe('while CloudTrail delivers the run’s events', () => {
  let project: Project
  beforeAll(async () => {
    project = await createProject({ 'harness.config.ts': shippedConfig() })
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it(
    'the scenario resources are deleted, before the capture looks up the trail',
    async () => {
      const result = await project.run(['run', '--region', 'us-east-1', '--scenario', 'logs/*'])
      expect(result.code).toBe(0)
      expect(result.stdout).toContain('cloudtrail: waiting')
      expect(result.stdout).toContain('cleanup: deleting 1 scenario resource')
      const calls = result.dump?.calls ?? []
      const deleted = calls.findIndex((call) => call.operation === 'DeleteLogGroup')
      // The capture's lookup is the last LookupEvents (the freshness check's come before the steps).
      const lookedUp = calls.findLastIndex((call) => call.operation === 'LookupEvents')
      expect(deleted).toBeGreaterThan(-1)
      expect(lookedUp).toBeGreaterThan(deleted)
      expect(leftovers(result.dump)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )
})
