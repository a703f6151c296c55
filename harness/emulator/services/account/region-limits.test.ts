/**
 * The Account Management API's limits through the SDK (accounts/latest/reference/quotas.html and
 * terraform-provider-aws issue 41430, see shared/aws-facts.md §11): EnableRegion 1 request per
 * second per account, GetRegionOptStatus 5 per second, a second EnableRegion of a region already
 * ENABLING is a ValidationException, and a region answers only once ENABLED plus a settle delay.
 */
import {
  AccountClient,
  EnableRegionCommand,
  GetRegionOptStatusCommand,
  TooManyRequestsException,
  ValidationException,
} from '@aws-sdk/client-account'
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs'
import { describe, expect, it } from 'vitest'
import { advanceClock, failure, withEmulator } from '../../testing.js'

describe('Account API limits', () => {
  // Real speed and a one-minute rate period, so no call slips through a window on a loaded machine.
  const emu = withEmulator({ timeScale: 1, date: '2026-06-01T00:00:00Z', durations: { rateLimitPeriodMs: 60_000 } })
  const account = () => new AccountClient(emu.clientConfig())

  it('Given two EnableRegion calls within the rate period, then the second is TooManyRequestsException 429', async () => {
    emu.state.durations.enableRegionMs = 3_600_000
    await account().send(new EnableRegionCommand({ RegionName: 'af-south-1' }))
    const error = await failure(account().send(new EnableRegionCommand({ RegionName: 'eu-south-1' })))
    expect(error).toBeInstanceOf(TooManyRequestsException)
    expect(error.$metadata.httpStatusCode).toBe(429)
    await advanceClock(emu, 60_000)
    await account().send(new EnableRegionCommand({ RegionName: 'eu-south-1' }))
  })

  it('Given six GetRegionOptStatus calls within the rate period, then the sixth is throttled', async () => {
    for (let i = 0; i < 5; i++) await account().send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' }))
    const error = await failure(account().send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' })))
    expect(error).toBeInstanceOf(TooManyRequestsException)
  })

  it('Given a region already ENABLING, then EnableRegion again is a ValidationException', async () => {
    emu.state.durations.enableRegionMs = 3_600_000
    await account().send(new EnableRegionCommand({ RegionName: 'me-south-1' }))
    await advanceClock(emu, 60_000)
    const error = await failure(account().send(new EnableRegionCommand({ RegionName: 'me-south-1' })))
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.message).toBe('Unable to switch region status because of its current opt-in status.')
  })

  it('Given a region just ENABLED, then its services refuse calls until the settle delay has passed', async () => {
    emu.state.durations.enableRegionMs = 60_000
    emu.state.durations.regionSettleMs = 600_000
    await account().send(new EnableRegionCommand({ RegionName: 'ap-east-1' }))
    await advanceClock(emu, 60_000)
    const status = await account().send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1' }))
    expect(status.RegionOptStatus).toBe('ENABLED')
    const logs = new CloudWatchLogsClient(emu.clientConfig('ap-east-1'))
    expect((await failure(logs.send(new DescribeLogGroupsCommand({})))).name).toBe('UnrecognizedClientException')
    await advanceClock(emu, emu.state.durations.regionSettleMs)
    expect((await logs.send(new DescribeLogGroupsCommand({}))).logGroups).toEqual([])
  })
})
