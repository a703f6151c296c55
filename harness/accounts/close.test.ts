import { DescribeAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { afterEach, describe, expect, it } from 'vitest'
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
