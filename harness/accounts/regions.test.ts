import { AccountClient, DisableRegionCommand, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import { afterEach, describe, expect, it } from 'vitest'
import { HarnessError } from '../errors.js'
import { enableInTurn, enablingBackoff, ensureRegion } from './regions.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from './test-support.js'
import type { ProvisionEvent } from './types.js'
import { vendAccount } from './vend.js'

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

async function freshAccount(options: Parameters<typeof startProvisioningFixture>[0] = {}) {
  fixture = await startProvisioningFixture(options)
  const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'regions' })
  fixture.events.length = 0
  return { ...fixture, accountId: account.accountId }
}

describe('ensureRegion', () => {
  it('enables an opt-in region that is DISABLED in a new account and waits until it is ENABLED', async () => {
    const { target, accountId, onProgress, events, emulator } = await freshAccount()
    const before = Date.now()
    const { enabledAt, ...readiness } = await ensureRegion(target, accountId, 'ap-east-1', { onProgress })
    const after = Date.now()

    expect(readiness).toEqual({ region: 'ap-east-1', optInStatus: 'ENABLED', enabledDuringRun: true, ready: true })
    // When it became ENABLED (the settle delay counts from it): not after it was seen so, and not before
    // the emulator's stated enabling time had passed since the call.
    expect(enabledAt).toBeLessThanOrEqual(after)
    expect(enabledAt).toBeGreaterThanOrEqual(before + enablingBackoff(target).firstLookMs)
    const statuses = events
      .filter((e) => e.type === 'region-status')
      .map((e) => (e.type === 'region-status' ? e.status : ''))
    expect(statuses[0]).toBe('DISABLED')
    expect(statuses.at(-1)).toBe('ENABLED')
    expect(events.at(-1)).toMatchObject({ type: 'region-ready', region: 'ap-east-1', enabledDuringRun: true })

    const account = new AccountClient(emulator.clientConfig())
    const status = await account.send(new GetRegionOptStatusCommand({ AccountId: accountId, RegionName: 'ap-east-1' }))
    expect(status.RegionOptStatus).toBe('ENABLED')
  })

  it('reports a default region ready at once, without enabling anything or spending a status read', async () => {
    const { target, accountId, onProgress, events, control } = await freshAccount()
    const readiness = await ensureRegion(target, accountId, 'us-east-1', { onProgress })
    const { calls } = (await control('GET', '/calls?service=account')) as { calls: unknown[] }
    expect(calls).toEqual([])
    expect(readiness).toEqual({
      region: 'us-east-1',
      optInStatus: 'ENABLED_BY_DEFAULT',
      enabledDuringRun: false,
      ready: true,
    })
    expect(events).toEqual([
      { type: 'region-status', region: 'us-east-1', status: 'ENABLED_BY_DEFAULT' },
      { type: 'region-ready', region: 'us-east-1', enabledDuringRun: false, waitedMs: expect.any(Number) },
    ])
  })

  it('does not hold up a ready region while another is still being enabled', async () => {
    // Enabling lasts 10 simulated minutes (600 ms at this time scale); us-east-1 needs one status read.
    const { target, accountId, onProgress, events } = await freshAccount({ durations: { enableRegionMs: 600_000 } })
    await Promise.all(
      ['ap-east-1', 'us-east-1'].map((region) => ensureRegion(target, accountId, region, { onProgress })),
    )
    const readyOrder = events.flatMap((e) => (e.type === 'region-ready' ? [e.region] : []))
    expect(readyOrder).toEqual(['us-east-1', 'ap-east-1'])
  })

  it('rides out throttling of EnableRegion (1 request per second) beyond the SDK’s own retries', async () => {
    const { target, accountId, onProgress, events, control } = await freshAccount()
    await control('POST', '/faults', [{ service: 'account', operation: 'EnableRegion', fault: 'throttle', count: 4 }])
    const readiness = await ensureRegion(target, accountId, 'ap-east-1', { onProgress })
    expect(readiness).toMatchObject({ optInStatus: 'ENABLED', enabledDuringRun: true, ready: true })
    expect(events).toContainEqual({
      type: 'retry',
      what: 'region ap-east-1',
      attempt: 1,
      errorName: 'TooManyRequestsException',
    })
  })

  it('waits for a DISABLING region to finish, then enables it again', async () => {
    const { target, accountId, onProgress, events, emulator } = await freshAccount()
    await ensureRegion(target, accountId, 'me-south-1')
    // An hour of disabling (3.6 s on this clock) is still running when ensureRegion first looks;
    // the clock is moved past it once ensureRegion has seen DISABLING.
    emulator.state.durations.disableRegionMs = 3_600_000
    const account = new AccountClient(emulator.clientConfig())
    await account.send(new DisableRegionCommand({ AccountId: accountId, RegionName: 'me-south-1' }))
    const finishDisablingOnceSeen = (event: ProvisionEvent) => {
      onProgress(event)
      if (event.type === 'region-status' && event.status === 'DISABLING')
        emulator.state.clock.set(
          new Date(emulator.state.clock.now().getTime() + emulator.state.clock.scaled(3_600_000)),
        )
    }

    const readiness = await ensureRegion(target, accountId, 'me-south-1', { onProgress: finishDisablingOnceSeen })
    expect(readiness).toMatchObject({ optInStatus: 'ENABLED', enabledDuringRun: true, ready: true })
    const statuses = events.flatMap((e) => (e.type === 'region-status' ? [e.status] : []))
    expect(statuses[0]).toBe('DISABLING')
    expect(statuses).toContain('ENABLED')
  })

  it('fails with REGION_ENABLE_FAILED naming the region and the AWS error for an unknown region', async () => {
    const { target, accountId } = await freshAccount()
    const error = await ensureRegion(target, accountId, 'xx-nowhere-9').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(HarnessError)
    expect(error).toMatchObject({ code: 'REGION_ENABLE_FAILED' })
    expect((error as Error).message).toMatch(
      /^region xx-nowhere-9 in account \d{12}: Account API failed: ValidationException: /,
    )
  })

  it('fails with REGION_ENABLE_FAILED when the region does not become ready in time', async () => {
    const { target, accountId } = await freshAccount({ durations: { enableRegionMs: 1_000 * 3_600_000 } })
    const error = await ensureRegion(target, accountId, 'af-south-1', { timeoutMs: 30 }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'REGION_ENABLE_FAILED' })
    expect((error as Error).message).toMatch(
      /^region af-south-1 in account \d{12} was still ENABLING after (?:\d+ ms|\d+\.\d s|\d+ s)$/,
    )
  })
})

describe('enableInTurn (EnableRegion: 1 request/s, burst 1)', () => {
  it('sends each call a whole period after the previous one was answered, however slow the answer', async () => {
    // Time scale 0.05: a period of 50 ms. Each answer takes 30 ms, so calls scheduled 50 ms apart would overlap.
    // A timer can fire a millisecond or two before performance.now() says its delay is up (libuv's loop time is
    // taken when the iteration starts; CI: 8.5 ms measured for a 10 ms period): 45 of the 50 ms is the bound.
    const target = { timeScale: 0.05 } as Parameters<typeof enableInTurn>[0]
    const spans: Array<{ sent: number; answered: number }> = []
    const send = async () => {
      const sent = performance.now()
      await new Promise((resolve) => setTimeout(resolve, 30))
      spans.push({ sent, answered: performance.now() })
    }
    await Promise.all([1, 2, 3].map(() => enableInTurn(target, '123456789012', undefined, send)))
    for (let i = 1; i < spans.length; i++) expect(spans[i]!.sent - spans[i - 1]!.answered).toBeGreaterThanOrEqual(45)
  })

  it('a failed call still lets the next one go a period after its answer', async () => {
    const target = { timeScale: 0.01 } as Parameters<typeof enableInTurn>[0]
    const failed = enableInTurn(target, '123456789013', undefined, () => Promise.reject(new Error('throttled')))
    const next = enableInTurn(target, '123456789013', undefined, async () => 'sent')
    await expect(failed).rejects.toThrow('throttled')
    expect(await next).toBe('sent')
  })

  it('a stalled answer holds the next call at most 10 periods; an abort while waiting stops the wait at once', async () => {
    const target = { timeScale: 0.01 } as Parameters<typeof enableInTurn>[0]
    let answer: () => void = () => undefined
    const stalled = enableInTurn(target, '123456789014', undefined, () => new Promise<void>((r) => (answer = r)))
    const aborting = new AbortController()
    const order: string[] = []
    const waiting = enableInTurn(target, '123456789014', aborting.signal, async () => 'sent')
    waiting.catch(() => order.push('aborted call gave up'))
    const start = performance.now()
    const capped = enableInTurn(target, '123456789014', undefined, async () => {
      order.push('next call sent')
      return performance.now()
    })
    setTimeout(() => aborting.abort(), 20)
    await expect(waiting).rejects.toThrow(/abort/i)
    // The aborted call sent nothing: the next one waits for the stalled answer, up to 10 periods of 10 ms.
    expect((await capped) - start).toBeGreaterThanOrEqual(95)
    expect(order).toEqual(['aborted call gave up', 'next call sent'])
    answer()
    await stalled
  })
})
