import {
  CreateOrganizationalUnitCommand,
  DescribeAccountCommand,
  ListAccountsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { afterEach, describe, expect, it } from 'vitest'
import { HarnessError } from '../errors.js'
import { type ProvisioningFixture, startProvisioningFixture, TEST_NAMING } from './test-support.js'
import { AccountVendingError, vendAccount } from './vend.js'

let fixture: ProvisioningFixture | undefined
afterEach(async () => {
  await fixture?.emulator.stop()
  fixture = undefined
})

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error,
  )

describe('vendAccount', () => {
  it('creates a fresh member account, waiting for CreateAccount to finish, and reports progress', async () => {
    fixture = await startProvisioningFixture()
    const { target, onProgress, events, emulator } = fixture
    const account = await vendAccount(target, TEST_NAMING, { runId: 'run-1', onProgress })

    expect(account).toMatchObject({ fresh: true, email: 'aws+harness-run-1@example.com', accountName: 'harness-run-1' })
    expect(account.accountId).toMatch(/^\d{12}$/)
    expect(events[0]).toMatchObject({ type: 'account-requested', requestId: expect.stringMatching(/^car-/) })
    expect(events.at(-1)).toMatchObject({ type: 'account-ready', accountId: account.accountId })

    const org = new OrganizationsClient(emulator.clientConfig())
    const described = await org.send(new DescribeAccountCommand({ AccountId: account.accountId }))
    expect(described.Account?.Email).toBe(account.email)
  })

  it('looks at the creation when the emulator should have finished it, not in a stream of polls before', async () => {
    // 0.6 s of creation: long enough that polls from the start would be several even on a busy machine.
    fixture = await startProvisioningFixture({ timeScale: 0.01 })
    // On the emulator's clock, as its call audit's times are (a date it replays is offset, not slowed).
    const startedAt = fixture.emulator.state.clock.now().getTime()
    await vendAccount(fixture.target, TEST_NAMING, { runId: 'run-poll' })
    const polls = fixture.emulator.state.calls.filter((call) => call.operation === 'DescribeCreateAccountStatus')
    // No look before the creation can be done (0.6 s after CreateAccount was sent, at the earliest): a
    // growing backoff from 1/20 of it polled from the start, five times or more. How many short polls
    // follow depends on how late a busy machine let the emulator see the request, so they are not counted.
    expect(polls.length).toBeGreaterThanOrEqual(1)
    expect(Date.parse(polls[0]!.time) - startedAt).toBeGreaterThanOrEqual(600)
  })

  it('moves the account into the configured OU', async () => {
    fixture = await startProvisioningFixture()
    const org = new OrganizationsClient(fixture.emulator.clientConfig())
    const roots = await org.send(new ListRootsCommand({}))
    const ou = await org.send(new CreateOrganizationalUnitCommand({ ParentId: roots.Roots?.[0]?.Id, Name: 'harness' }))
    const ouId = ou.OrganizationalUnit?.Id ?? ''

    const account = await vendAccount(
      fixture.target,
      { ...TEST_NAMING, organizationalUnitId: ouId },
      { runId: 'run-ou' },
    )

    const inOu = await org.send(new ListAccountsForParentCommand({ ParentId: ouId }))
    expect(inOu.Accounts?.map((member) => member.Id)).toEqual([account.accountId])
    const inRoot = await org.send(new ListAccountsForParentCommand({ ParentId: roots.Roots?.[0]?.Id }))
    expect(inRoot.Accounts?.map((member) => member.Id)).not.toContain(account.accountId)
  })

  it('fails with ACCOUNT_VENDING_FAILED explaining the quota when the organization is full', async () => {
    fixture = await startProvisioningFixture({ maxAccounts: 1 })
    const error = await failureOf(vendAccount(fixture.target, TEST_NAMING, { runId: 'run-full' }))
    expect(error).toBeInstanceOf(HarnessError)
    expect(error).toMatchObject({ code: 'ACCOUNT_VENDING_FAILED' })
    expect((error as Error).message).toMatch(
      /ACCOUNT_LIMIT_EXCEEDED: the organization has reached its account quota \(default 10; closed accounts count until removed\)/,
    )
  })

  it('fails with ACCOUNT_VENDING_FAILED naming EMAIL_ALREADY_EXISTS when the address is taken', async () => {
    fixture = await startProvisioningFixture()
    await vendAccount(fixture.target, TEST_NAMING, { runId: 'same' })
    const error = await failureOf(vendAccount(fixture.target, TEST_NAMING, { runId: 'same' }))
    expect(error).toMatchObject({ code: 'ACCOUNT_VENDING_FAILED' })
    expect((error as Error).message).toMatch(
      /EMAIL_ALREADY_EXISTS: the email address aws\+harness-same@example\.com already belongs/,
    )
  })

  it('reports a forced INTERNAL_FAILURE clearly', async () => {
    fixture = await startProvisioningFixture()
    await fixture.control('POST', '/faults', [
      { service: 'organizations', operation: 'CreateAccount', failureReason: 'INTERNAL_FAILURE', count: 1 },
    ])
    const error = await failureOf(vendAccount(fixture.target, TEST_NAMING, { runId: 'run-fault' }))
    expect(error).toBeInstanceOf(AccountVendingError)
    expect((error as Error).message).toMatch(/INTERNAL_FAILURE: AWS Organizations had an internal failure/)
    // The rule was used up: the next request succeeds.
    await expect(vendAccount(fixture.target, TEST_NAMING, { runId: 'run-after-fault' })).resolves.toMatchObject({
      fresh: true,
    })
  })

  it('rides out throttling of CreateAccount beyond the SDK’s own retries, reporting each retry', async () => {
    fixture = await startProvisioningFixture()
    // The SDK retries 3 times itself; 4 throttles reach harness's retry once.
    await fixture.control('POST', '/faults', [
      { service: 'organizations', operation: 'CreateAccount', fault: 'throttle', count: 4 },
    ])
    const account = await vendAccount(fixture.target, TEST_NAMING, {
      runId: 'run-throttled',
      onProgress: fixture.onProgress,
    })
    expect(account.accountId).toMatch(/^\d{12}$/)
    expect(fixture.events).toContainEqual({
      type: 'retry',
      what: 'Organizations CreateAccount',
      attempt: 1,
      errorName: 'TooManyRequestsException',
    })
  })

  it('reports the created account when it cannot be moved to the OU, so it can still be recorded or closed', async () => {
    fixture = await startProvisioningFixture()
    const error = await failureOf(
      vendAccount(fixture.target, { ...TEST_NAMING, organizationalUnitId: 'ou-abcd-12345678' }, { runId: 'run-no-ou' }),
    )
    expect(error).toBeInstanceOf(AccountVendingError)
    expect((error as AccountVendingError).accountId).toMatch(/^\d{12}$/)
    expect((error as Error).message).toMatch(
      /^account \d{12} was created but could not be moved to organizational unit ou-abcd-12345678: Organizations MoveAccount failed: \w+NotFoundException: /,
    )
  })

  it('gives up with a clear message when the account takes longer than allowed', async () => {
    fixture = await startProvisioningFixture({ timeScale: 1 })
    const error = await failureOf(vendAccount(fixture.target, TEST_NAMING, { runId: 'run-slow', timeoutMs: 50 }))
    expect(error).toMatchObject({ code: 'ACCOUNT_VENDING_FAILED' })
    expect((error as Error).message).toMatch(
      /account creation request car-\w+ was not complete after (?:\d+ ms|\d+\.\d s|\d+ s)/,
    )
  })

  it('stops waiting when aborted', async () => {
    fixture = await startProvisioningFixture({ timeScale: 1 })
    const controller = new AbortController()
    const pending = vendAccount(fixture.target, TEST_NAMING, {
      runId: 'run-abort',
      signal: controller.signal,
      onProgress: (event) => event.type === 'account-requested' && controller.abort(),
    })
    await expect(pending).rejects.toMatchObject({ code: 'INTERRUPTED' })
  })
})
