/** Shared setup for EC2 tests: enable an opt-in region through the Account API and wait for it. */
import { AccountClient, EnableRegionCommand, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import type { TestEmulator } from '../../testing.js'

export async function enableRegion(emu: TestEmulator, region: string): Promise<void> {
  const account = new AccountClient(emu.clientConfig('us-east-1'))
  await account.send(new EnableRegionCommand({ RegionName: region }))
  for (;;) {
    const { RegionOptStatus } = await account.send(new GetRegionOptStatusCommand({ RegionName: region }))
    if (RegionOptStatus === 'ENABLED') return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the call to fail')
}

/** Polls until `check` returns a value (instance state changes take instanceStateChangeMs × timeScale). */
export async function eventually<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (;;) {
    const value = await check()
    if (value !== undefined) return value
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}
