import { CloseAccountCommand, DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { afterEach, describe, expect, it } from 'vitest'
import { controlHeaders } from '../emulator/testing.js'
import { finishAccount } from './close.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from './test-support.js'
import { vendAccount } from './vend.js'

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

describe('finishAccount', () => {
  it('keeps the account when configured to keep it', async () => {
    fixture = await startProvisioningFixture()
    const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'keep' })
    expect(await finishAccount(fixture.target, account, 'keep')).toEqual({ status: 'kept' })
    const org = new OrganizationsClient(fixture.emulator.clientConfig())
    const described = await org.send(new DescribeAccountCommand({ AccountId: account.accountId }))
    expect(described.Account?.Status).toBe('ACTIVE')
  })

  it('closes the account when configured to close it', async () => {
    fixture = await startProvisioningFixture()
    const account = await vendAccount(fixture.target, TEST_NAMING, { runId: 'close' })
    expect(await finishAccount(fixture.target, account, 'close')).toEqual({ status: 'closed' })
    const org = new OrganizationsClient(fixture.emulator.clientConfig())
    const described = await org.send(new DescribeAccountCommand({ AccountId: account.accountId }))
    expect(described.Account?.Status).not.toBe('ACTIVE')
  })

  it('reports a failed closure instead of throwing', async () => {
    fixture = await startProvisioningFixture()
    const missing = {
      accountId: '999999999999',
      createdAt: new Date(),
      fresh: true,
      accountName: 'x',
      email: 'x@example.com',
    }
    const result = await finishAccount(fixture.target, missing, 'close')
    expect(result.status).toBe('close-failed')
    expect(result.error).toMatch(/^Organizations CloseAccount 999999999999 failed: AccountNotFoundException: /)
  })
})

describe('closeAccount under AWS limits', () => {
  it('Given three closures already in flight and throttling, then it waits, closes, and verifies PENDING_CLOSURE', async () => {
    fixture = await startProvisioningFixture({ date: '2026-06-01T00:00:00Z' })
    const { emulator, target } = fixture
    const org = new OrganizationsClient(emulator.clientConfig())
    const ids: string[] = []
    for (let i = 0; i < 4; i++) ids.push((await vendAccount(target, TEST_NAMING, { runId: `cl-${i}` })).accountId)
    // Three closures take an hour (3.6 s here); the fourth must wait for one to finish.
    emulator.state.durations.closeAccountMs = 3_600_000
    for (const id of ids.slice(0, 3)) await org.send(new CloseAccountCommand({ AccountId: id }))
    emulator.state.faults = [{ service: 'organizations', operation: 'CloseAccount', fault: 'throttle', count: 4 }]
    const closing = finishAccount(target, { accountId: ids[3]! }, 'close')
    await new Promise((resolve) => setTimeout(resolve, 50))
    await fetch(`${emulator.endpoint}/_emulator/clock`, {
      method: 'POST',
      headers: controlHeaders(emulator.controlToken),
      body: JSON.stringify({ advanceMs: emulator.state.clock.scaled(3_600_000) }),
    })
    expect(await closing).toEqual({ status: 'closed' })
    const described = await org.send(new DescribeAccountCommand({ AccountId: ids[3]! }))
    expect(described.Account?.Status).toBe('PENDING_CLOSURE')
  })
})
