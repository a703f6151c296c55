/**
 * `--time-scale` semantics through the SDK: durations are real-AWS durations on the emulator's
 * simulated clock, multiplied by the scale. At 1 a CreateAccount lasts 60 simulated seconds (so
 * moving the clock completes it); at 0.001 the same creation completes after ~60 ms of real time.
 */
import { AccountClient, EnableRegionCommand, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { afterEach, describe, expect, it } from 'vitest'
import { advanceClock, startTestEmulator, type TestEmulator, until } from '../testing.js'

let emu: TestEmulator | undefined
afterEach(async () => {
  await emu?.stop()
  emu = undefined
})

async function createAccount(target: TestEmulator) {
  const org = new OrganizationsClient(target.clientConfig())
  const created = await org.send(new CreateAccountCommand({ Email: 'scale@example.com', AccountName: 'scale' }))
  const describe = () =>
    org
      .send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: created.CreateAccountStatus!.Id! }))
      .then((out) => out.CreateAccountStatus?.State)
  return { state: created.CreateAccountStatus?.State, describe }
}

async function enableRegion(target: TestEmulator, region: string) {
  const account = new AccountClient(target.clientConfig())
  await account.send(new EnableRegionCommand({ RegionName: region }))
  return () => account.send(new GetRegionOptStatusCommand({ RegionName: region })).then((out) => out.RegionOptStatus)
}

describe('--time-scale 1: durations are simulated AWS time', () => {
  it('Given CreateAccount, then it is IN_PROGRESS until the clock has moved 60 s, then SUCCEEDED', async () => {
    emu = await startTestEmulator({ timeScale: 1 })
    const { state, describe } = await createAccount(emu)
    expect(state).toBe('IN_PROGRESS')
    await advanceClock(emu, 59_000)
    expect(await describe()).toBe('IN_PROGRESS')
    await advanceClock(emu, 1_000)
    expect(await describe()).toBe('SUCCEEDED')
  })

  it('Given EnableRegion, then it is ENABLING until the clock has moved 5 min, then ENABLED', async () => {
    emu = await startTestEmulator({ timeScale: 1 })
    const status = await enableRegion(emu, 'ap-east-1')
    expect(await status()).toBe('ENABLING')
    await advanceClock(emu, 4 * 60_000)
    expect(await status()).toBe('ENABLING')
    await advanceClock(emu, 60_000)
    expect(await status()).toBe('ENABLED')
  })
})

describe('--time-scale 0.001: durations shrink a thousandfold in real time', () => {
  it('Given CreateAccount, then it SUCCEEDS without touching the clock', async () => {
    emu = await startTestEmulator({ timeScale: 0.001 })
    const { state, describe } = await createAccount(emu)
    expect(state).toBe('IN_PROGRESS')
    expect(await until(describe, (s) => s !== 'IN_PROGRESS')).toBe('SUCCEEDED')
  })

  it('Given EnableRegion, then it is ENABLED without touching the clock', async () => {
    emu = await startTestEmulator({ timeScale: 0.001 })
    const status = await enableRegion(emu, 'ap-east-1')
    expect(await until(status, (s) => s !== 'ENABLING')).toBe('ENABLED')
  })
})
