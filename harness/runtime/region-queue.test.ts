/**
 * Enabling many opt-in regions in one account: at most 6 pending at once (AWS's per-account quota), the
 * next one started when one is ENABLED, and each region looked at when its opt-in is expected to be
 * done, then its STS when it should serve: no request is refused for the quota, and no region is polled
 * over and over. Read from the
 * emulator's call audit and CloudTrail log.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { ensureRegion } from '../accounts/regions.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from '../accounts/test-support.js'
import { vendAccount } from '../accounts/vend.js'
import { waitUntilRegionServes } from '../credentials/region-probe.js'
import { MAX_CONCURRENT_OPT_INS, openSession, regionReadiness } from './provision.js'

const OPT_IN_REGIONS = [
  'af-south-1',
  'ap-east-1',
  'ap-south-2',
  'ap-southeast-3',
  'eu-south-1',
  'eu-south-2',
  'me-central-1',
  'me-south-1',
]

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

describe('enabling more opt-in regions than AWS lets an account enable at once', () => {
  it('queues them 6 at a time, none refused for the quota, looking at each when it should be ready', async () => {
    fixture = await startProvisioningFixture()
    const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'queue' })
    const ctx = { runId: 'queue', signal: new AbortController().signal, onProgress: fixture.onProgress }
    const session = openSession(fixture.target, account, ctx)
    const callsBefore = fixture.emulator.state.calls.length

    const readiness = await Promise.all(OPT_IN_REGIONS.map((region) => regionReadiness(session, region, ctx)))

    expect(readiness.map((r) => [r.region, r.ready, r.optInStatus])).toEqual(
      OPT_IN_REGIONS.map((region) => [region, true, 'ENABLED']),
    )
    const calls = fixture.emulator.state.calls.slice(callsBefore).filter((c) => c.service === 'account')
    // Never refused for the 6-pending quota (a throttle from bunched requests on a busy machine is retried).
    const refused = fixture.emulator.state.cloudTrail.filter((e) =>
      e.errorMessage?.includes('concurrent Region opt-in'),
    )
    expect(refused.map((e) => `${e.eventName}: ${e.errorMessage}`)).toEqual([])
    expect(calls.filter((c) => c.outcome === 'error' && c.errorCode !== 'TooManyRequestsException')).toEqual([])
    // One accepted EnableRegion per region (a throttled one, retried, is not an opt-in request).
    const enables = calls.filter((c) => c.operation === 'EnableRegion' && c.outcome === 'success')
    expect(enables).toHaveLength(OPT_IN_REGIONS.length)
    // The 7th waits for a slot: it is sent no earlier than the first region's opt-in has finished.
    const { enableRegionMs } = fixture.emulator.state.durations
    const firstDone = Date.parse(enables[0]!.time) + fixture.emulator.state.clock.scaled(enableRegionMs)
    expect(Date.parse(enables[MAX_CONCURRENT_OPT_INS]!.time)).toBeGreaterThanOrEqual(firstDone)
    // Each region: DISABLED, then (its expected duration waited out) ENABLED; a late look at most once more.
    const reads = calls.filter((c) => c.operation === 'GetRegionOptStatus')
    expect(reads.length).toBeLessThanOrEqual(3 * OPT_IN_REGIONS.length)
  }, 60_000)
})

describe('a region this run just enabled', () => {
  it('is asked whether it serves at once, then when it should, not polled in between', async () => {
    // Given an emulator whose regions settle in 300 ms, what harness expects of AWS's 30 s at a time scale of 0.01
    fixture = await startProvisioningFixture({ durations: { regionSettleMs: 300_000 } })
    const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'settle' })
    const ctx = { runId: 'settle', signal: new AbortController().signal, onProgress: fixture.onProgress }
    await ensureRegion(fixture.target, account.accountId, 'ap-east-1', ctx)
    const enabledAt = Date.now()
    const callsBefore = fixture.emulator.state.calls.length
    // When harness waits for it to serve, expecting AWS's settle time on that scale
    const session = openSession({ ...fixture.target, timeScale: 0.01 }, account, ctx)
    await waitUntilRegionServes(session, 'ap-east-1', { enabledAt })
    // Then its STS is asked at once (not serving yet) and once the settle time is over (serving), maybe once more
    const probes = fixture.emulator.state.calls
      .slice(callsBefore)
      .filter((c) => c.operation === 'GetCallerIdentity' && c.region === 'ap-east-1')
    expect(probes.at(-1)?.outcome).toBe('success')
    expect(probes.length).toBeGreaterThanOrEqual(2)
    expect(probes.length).toBeLessThanOrEqual(3)
  }, 60_000)
})
