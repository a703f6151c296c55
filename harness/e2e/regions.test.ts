/**
 * Regions in parallel: with room for one region at a time, a region that is already usable runs its
 * scenarios while an opt-in region is still being enabled, rather than queueing behind it; and a region
 * ready at the same time as another does its setup (the administrator's lookups) at once, waiting for
 * the slot only for its scenarios.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CliResult, createProject, E2E_TIMEOUT_MS, leftovers, type Project, shippedConfig } from './cli-project.js'

describe('a usable region is never held up by one being enabled', () => {
  let project: Project
  let result: CliResult
  beforeAll(async () => {
    // time scale 0.02: enabling ap-east-1 takes 6 s of real time, the role bootstrap (waiting for
    // OrganizationAccountAccessRole) under 3 s, so us-east-1 is usable seconds before ap-east-1, even on a
    // loaded machine. CloudTrail is not read: its delivery wait would add 6 s, and trail-capture.test.ts covers it.
    const config = shippedConfig({ emulator: { timeScale: 0.02 }, cloudTrailCapture: false })
    project = await createProject({ 'harness.config.ts': config })
    result = await project.run(['run', '--region', 'ap-east-1,us-east-1,us-west-2', '--concurrency', '1'])
  }, E2E_TIMEOUT_MS)
  afterAll(() => project.remove())

  it('runs us-east-1 while ap-east-1 is ENABLING, then ap-east-1 once ready', () => {
    expect(result.code).toBe(0)
    const lines = result.stdout.split('\n')
    // us-east-1 starts its scenarios while ap-east-1 is still being enabled: it is not held up.
    const firstUsEast = lines.findIndex((line) => /^\[us-east-1\] \w+\/.* › /.test(line))
    const apReady = lines.findIndex((line) => line.startsWith('[ap-east-1] region ready'))
    const firstApStep = lines.findIndex((line) => /^\[ap-east-1\] \w+\/.* › /.test(line))
    expect(firstUsEast).toBeGreaterThan(-1)
    expect(firstUsEast).toBeLessThan(apReady)
    expect(apReady).toBeLessThan(firstApStep)
  })

  it('looks up a waiting region’s setup facts while the region ready with it runs its scenarios', () => {
    const calls = result.dump?.calls ?? []
    const byMinimalRole = (region: string) =>
      calls.flatMap((call, at) =>
        call.region === region && /harness-minimal/.test(call.principalArn ?? '') ? [at] : [],
      )
    // us-east-1 and us-west-2 are both ready once the role is: whichever runs its scenarios first holds the slot.
    const [first, second] = ['us-east-1', 'us-west-2'].sort((a, b) => byMinimalRole(a)[0]! - byMinimalRole(b)[0]!)
    const secondSetup = calls.findIndex((call) => call.region === second && call.operation === 'GetParameter')
    expect(secondSetup).toBeGreaterThan(-1)
    expect(secondSetup).toBeLessThan(byMinimalRole(first!).at(-1)!)
    // Its scenarios still wait for the slot.
    expect(byMinimalRole(second!)[0]).toBeGreaterThan(byMinimalRole(first!).at(-1)!)
  })

  it(
    'records every region in the requested order and cleans up',
    async () => {
      const runFile = (await project.files('reports/runs'))[0] as string
      const record = JSON.parse(await project.read(runFile))
      expect(record.regions.map((r: { name: string }) => r.name)).toEqual(['ap-east-1', 'us-east-1', 'us-west-2'])
      expect(record.results).toHaveLength(9)
      expect(leftovers(result.dump)).toEqual([])
    },
    E2E_TIMEOUT_MS,
  )
})
