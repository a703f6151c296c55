/** Account Management opt-in regions through the SDK, for the caller's own account and a member account. */
import {
  AccessDeniedException,
  AccountClient,
  ConflictException,
  DisableRegionCommand,
  EnableRegionCommand,
  GetRegionOptStatusCommand,
  ListRegionsCommand,
  TooManyRequestsException,
  ValidationException,
} from '@aws-sdk/client-account'
import { describe, expect, it } from 'vitest'
import { isOptInRegion, REGIONS } from '../../core/regions.js'
import { memberAdmin, vendAccount } from '../../test-accounts.js'
import { advanceClock, failure, until, withEmulator } from '../../testing.js'

describe('Account opt-in regions', () => {
  const emu = withEmulator()
  const account = () => new AccountClient(emu.clientConfig())
  const status = (client: AccountClient, RegionName: string, AccountId?: string) =>
    client.send(new GetRegionOptStatusCommand({ RegionName, AccountId })).then((out) => out.RegionOptStatus)

  it('Given a fresh account, then default regions are ENABLED_BY_DEFAULT and opt-in ones DISABLED', async () => {
    expect(await status(account(), 'us-east-1')).toBe('ENABLED_BY_DEFAULT')
    expect(await status(account(), 'me-south-1')).toBe('DISABLED')
  })

  it('Given EnableRegion then DisableRegion, then the status goes ENABLING → ENABLED → DISABLING → DISABLED', async () => {
    // Hour-long transitions (3.6 s on this clock) cannot finish between two calls; the clock moves them on.
    emu.state.durations.enableRegionMs = 3_600_000
    emu.state.durations.disableRegionMs = 3_600_000
    await account().send(new EnableRegionCommand({ RegionName: 'af-south-1' }))
    expect(await status(account(), 'af-south-1')).toBe('ENABLING')
    await advanceClock(emu, emu.state.clock.scaled(3_600_000))
    expect(await status(account(), 'af-south-1')).toBe('ENABLED')
    await account().send(new DisableRegionCommand({ RegionName: 'af-south-1' }))
    expect(await status(account(), 'af-south-1')).toBe('DISABLING')
    await advanceClock(emu, emu.state.clock.scaled(3_600_000))
    expect(await status(account(), 'af-south-1')).toBe('DISABLED')
  })

  it('Given a region being disabled, then EnableRegion is ConflictException 409', async () => {
    emu.state.durations.disableRegionMs = 3_600_000
    await account().send(new EnableRegionCommand({ RegionName: 'eu-south-1' }))
    await until(
      () => status(account(), 'eu-south-1'),
      (s) => s === 'ENABLED',
    )
    await account().send(new DisableRegionCommand({ RegionName: 'eu-south-1' }))
    const error = await failure(account().send(new EnableRegionCommand({ RegionName: 'eu-south-1' })))
    expect(error).toBeInstanceOf(ConflictException)
    expect(error.$metadata.httpStatusCode).toBe(409)
  })

  it.each([
    ['us-east-1', 'The Region us-east-1 is enabled by default and cannot be enabled or disabled.'],
    ['xx-nowhere-1', 'The Region xx-nowhere-1 is not a valid Region.'],
  ])('Given EnableRegion %s, then ValidationException invalidRegionOptTarget', async (region, message) => {
    const error = await failure(account().send(new EnableRegionCommand({ RegionName: region })))
    expect(error).toBeInstanceOf(ValidationException)
    expect(error.$metadata.httpStatusCode).toBe(400)
    expect(error.message).toBe(message)
    expect((error as ValidationException).reason).toBe('invalidRegionOptTarget')
  })

  it('Given six region requests in flight, then a seventh is TooManyRequestsException 429', async () => {
    emu.state.durations.enableRegionMs = 3_600_000
    const optIn = [...REGIONS.keys()].filter(isOptInRegion)
    for (const region of optIn.slice(0, 6)) await account().send(new EnableRegionCommand({ RegionName: region }))
    const error = await failure(account().send(new EnableRegionCommand({ RegionName: optIn[6]! })))
    expect(error).toBeInstanceOf(TooManyRequestsException)
    expect(error.$metadata.httpStatusCode).toBe(429)
  })

  it("Given the management account, then it manages a member account's regions with AccountId", async () => {
    const memberId = await vendAccount(emu, 'regions@example.com')
    await account().send(new EnableRegionCommand({ RegionName: 'ap-east-1', AccountId: memberId }))
    await until(
      () => status(account(), 'ap-east-1', memberId),
      (s) => s === 'ENABLED',
    )
    const member = new AccountClient(emu.clientConfig('us-east-1', await memberAdmin(emu, memberId)))
    expect(await status(member, 'ap-east-1')).toBe('ENABLED')
    expect(await status(account(), 'ap-east-1')).toBe('DISABLED')
  })

  it('Given a member caller or an unknown account, then AccountId is AccessDeniedException 403', async () => {
    const memberId = await vendAccount(emu, 'm1@example.com')
    const member = new AccountClient(emu.clientConfig('us-east-1', await memberAdmin(emu, memberId)))
    const fromMember = await failure(
      member.send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1', AccountId: '111111111111' })),
    )
    expect(fromMember).toBeInstanceOf(AccessDeniedException)
    expect(fromMember.$metadata.httpStatusCode).toBe(403)
    const unknown = await failure(
      account().send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1', AccountId: '999999999999' })),
    )
    expect(unknown).toBeInstanceOf(AccessDeniedException)
    emu.state.organization!.serviceAccess.delete('account.amazonaws.com')
    const noTrust = await failure(
      account().send(new GetRegionOptStatusCommand({ RegionName: 'ap-east-1', AccountId: memberId })),
    )
    expect(noTrust).toBeInstanceOf(AccessDeniedException)
    expect(noTrust.message).toContain('trusted access')
  })

  it('Given ListRegions, then it filters by status and pages with NextToken', async () => {
    const defaults = await account().send(
      new ListRegionsCommand({ RegionOptStatusContains: ['ENABLED_BY_DEFAULT'], MaxResults: 50 }),
    )
    const expected = [...REGIONS.keys()].filter((r) => !isOptInRegion(r)).sort()
    expect(defaults.Regions?.map((r) => r.RegionName)).toEqual(expected)
    const first = await account().send(new ListRegionsCommand({ MaxResults: 10 }))
    expect(first.Regions).toHaveLength(10)
    const rest = await account().send(new ListRegionsCommand({ MaxResults: 50, NextToken: first.NextToken }))
    expect(first.Regions!.length + rest.Regions!.length).toBe(REGIONS.size)
    expect(rest.NextToken).toBeUndefined()
  })
})
