/**
 * Account lifecycle rules that decide whether a nightly vend-and-close job survives on AWS, through
 * the real SDK: the account quota holds closed accounts for the 90-day post-closure period, the close
 * quota, and OrganizationAccountAccessRole becoming assumable only a while after SUCCEEDED.
 * Sources: shared/aws-facts.md §1 and §11.
 */
import {
  AccountNotFoundException,
  CloseAccountCommand,
  ConstraintViolationException,
  CreateAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { describe, expect, it } from 'vitest'
import { createAccountRecord } from '../../core/bootstrap.js'
import { vendAccount } from '../../test-accounts.js'
import { advanceClock, failure, until, withEmulator } from '../../testing.js'

const DAY_MS = 24 * 60 * 60_000
const PINNED_DATE = '2026-06-01T00:00:00Z'

const finalStatus = (org: OrganizationsClient, id: string) =>
  until(
    () => org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id })),
    (out) => out.CreateAccountStatus?.State !== 'IN_PROGRESS',
  )

describe('Account quota over the post-closure period', () => {
  // The management account and two members fill a quota of 3.
  const emu = withEmulator({ maxAccounts: 3, date: PINNED_DATE })

  it('Given a closed account, then it holds its slot (ACCOUNT_LIMIT_EXCEEDED) until 90 days pass, then leaves the organization', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    await vendAccount(emu, 'kept@example.com')
    const closed = await vendAccount(emu, 'closed@example.com')
    // An hour-long closure (3.6 s on this clock) is still PENDING_CLOSURE at the next call.
    emu.state.durations.closeAccountMs = 3_600_000
    await org.send(new CloseAccountCommand({ AccountId: closed }))
    expect((await org.send(new DescribeAccountCommand({ AccountId: closed }))).Account?.Status).toBe('PENDING_CLOSURE')

    // Day 89: SUSPENDED and still counted.
    await advanceClock(emu, emu.state.clock.scaled(89 * DAY_MS))
    expect((await org.send(new DescribeAccountCommand({ AccountId: closed }))).Account?.Status).toBe('SUSPENDED')
    const refused = await org.send(new CreateAccountCommand({ Email: 'new1@example.com', AccountName: 'new1' }))
    expect((await finalStatus(org, refused.CreateAccountStatus!.Id!)).CreateAccountStatus).toMatchObject({
      State: 'FAILED',
      FailureReason: 'ACCOUNT_LIMIT_EXCEEDED',
    })

    // Day 90: permanently closed, gone from the organization, and its slot is free.
    await advanceClock(emu, emu.state.clock.scaled(DAY_MS))
    const gone = await failure(org.send(new DescribeAccountCommand({ AccountId: closed })))
    expect(gone).toBeInstanceOf(AccountNotFoundException)
    const accepted = await org.send(new CreateAccountCommand({ Email: 'new2@example.com', AccountName: 'new2' }))
    expect((await finalStatus(org, accepted.CreateAccountStatus!.Id!)).CreateAccountStatus).toMatchObject({
      State: 'SUCCEEDED',
    })
  })
})

describe('CloseAccount limits', () => {
  const emu = withEmulator({ maxAccounts: 400, date: PINNED_DATE })

  it('Given 250 closures in the last 30 days, then the next is CLOSE_ACCOUNT_QUOTA_EXCEEDED until the window rolls on', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    const open = await vendAccount(emu, 'open@example.com')
    // 250 closures are set up in state (250 CreateAccount round trips would only slow the test down).
    const closedAt = emu.state.clock.now()
    for (let i = 0; i < 250; i++) {
      const account = createAccountRecord(emu.state, {
        id: String(500_000_000_000 + i),
        name: `c${i}`,
        email: `c${i}@example.com`,
        parentId: emu.state.organization!.rootId,
      })
      Object.assign(account, { status: 'SUSPENDED', closeRequestedAt: closedAt })
    }
    const error = await failure(org.send(new CloseAccountCommand({ AccountId: open })))
    expect(error).toBeInstanceOf(ConstraintViolationException)
    expect((error as ConstraintViolationException).Reason).toBe('CLOSE_ACCOUNT_QUOTA_EXCEEDED')
    expect(error.message).toBe('You have exceeded close account quota for the past 30 days.')

    await advanceClock(emu, emu.state.clock.scaled(30 * DAY_MS))
    await org.send(new CloseAccountCommand({ AccountId: open }))
    expect((await org.send(new DescribeAccountCommand({ AccountId: open }))).Account?.Status).toBe('PENDING_CLOSURE')
  })

  it('Given three closures in flight, then a fourth is CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED', async () => {
    emu.state.durations.closeAccountMs = 3_600_000
    const org = new OrganizationsClient(emu.clientConfig())
    const ids = []
    for (let i = 0; i < 4; i++) ids.push(await vendAccount(emu, `cc${i}@example.com`))
    for (const id of ids.slice(0, 3)) await org.send(new CloseAccountCommand({ AccountId: id }))
    const error = await failure(org.send(new CloseAccountCommand({ AccountId: ids[3]! })))
    expect((error as ConstraintViolationException).Reason).toBe('CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED')
  })
})

describe('OrganizationAccountAccessRole readiness', () => {
  const emu = withEmulator({
    date: PINNED_DATE,
    durations: { createAccountMs: 60_000, accountAccessDelayMs: 36_000_000 },
  })

  it('Given CreateAccount SUCCEEDED moments ago, then AssumeRole is AccessDenied until the access delay has passed', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    const created = await org.send(new CreateAccountCommand({ Email: 'fresh@example.com', AccountName: 'fresh' }))
    const accountId = (await finalStatus(org, created.CreateAccountStatus!.Id!)).CreateAccountStatus!.AccountId!
    const sts = new STSClient(emu.clientConfig())
    const assume = () =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
          RoleSessionName: 'probe',
        }),
      )
    const early = await failure(assume())
    expect(early.name).toBe('AccessDenied')
    expect(early.$metadata.httpStatusCode).toBe(403)
    await advanceClock(emu, emu.state.clock.scaled(36_000_000))
    expect((await assume()).Credentials?.AccessKeyId).toMatch(/^ASIA/)
  })
})
