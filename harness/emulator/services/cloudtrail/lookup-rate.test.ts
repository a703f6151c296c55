/**
 * LookupEvents' rate through the SDK: 2 requests per second per account per region (CloudTrail UG,
 * aws-facts §9), then ThrottlingException with HTTP 429; another region has its own two.
 */
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail'
import { describe, expect, it } from 'vitest'
import { advanceClock, failure, withEmulator } from '../../testing.js'

describe('LookupEvents rate', () => {
  // Real speed and a one-minute rate period, so no call (or the SDK's retries) slips through a window.
  const emu = withEmulator({ timeScale: 1, date: '2026-06-01T00:00:00Z', durations: { rateLimitPeriodMs: 60_000 } })
  const trail = (region: string) => new CloudTrailClient(emu.clientConfig(region))

  it('Given two lookups in a region within the period, then a third is ThrottlingException 429, not in another region', async () => {
    await trail('us-east-1').send(new LookupEventsCommand({}))
    await trail('us-east-1').send(new LookupEventsCommand({}))
    const error = await failure(trail('us-east-1').send(new LookupEventsCommand({})))
    expect(error.name).toBe('ThrottlingException')
    expect(error.$metadata.httpStatusCode).toBe(429)
    await trail('eu-west-1').send(new LookupEventsCommand({}))
    await advanceClock(emu, 60_000)
    await trail('us-east-1').send(new LookupEventsCommand({}))
  })
})
