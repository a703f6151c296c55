/** CreateAccount through the SDK: async completion, FailureReasons, quotas, validation, tag-on-create. */
import {
  CloseAccountCommand,
  ConstraintViolationException,
  CreateAccountCommand,
  CreateAccountStatusNotFoundException,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  InvalidInputException,
  ListCreateAccountStatusCommand,
  ListTagsForResourceCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { vendAccount } from '../../test-accounts.js'
import { failure, until, withEmulator } from '../../testing.js'

const finalStatus = (org: OrganizationsClient, id: string) =>
  until(
    () => org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: id })),
    (out) => out.CreateAccountStatus?.State !== 'IN_PROGRESS',
  )

describe('CreateAccount', () => {
  const emu = withEmulator()

  it('Given a request, then it is IN_PROGRESS first and SUCCEEDED with a 12-digit account and timestamps later', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    const out = await org.send(new CreateAccountCommand({ Email: 'a@example.com', AccountName: 'a' }))
    expect(out.CreateAccountStatus).toMatchObject({ State: 'IN_PROGRESS', AccountName: 'a' })
    expect(out.CreateAccountStatus?.RequestedTimestamp).toBeInstanceOf(Date)
    const done = await finalStatus(org, out.CreateAccountStatus!.Id!)
    expect(done.CreateAccountStatus).toMatchObject({ State: 'SUCCEEDED', AccountName: 'a' })
    expect(done.CreateAccountStatus?.CompletedTimestamp).toBeInstanceOf(Date)
    const account = await org.send(new DescribeAccountCommand({ AccountId: done.CreateAccountStatus!.AccountId! }))
    expect(account.Account).toMatchObject({
      Email: 'a@example.com',
      Name: 'a',
      Status: 'ACTIVE',
      JoinedMethod: 'CREATED',
    })
    const orgId = emu.state.organization!.id
    expect(account.Account?.Arn).toBe(
      `arn:aws:organizations::111111111111:account/${orgId}/${done.CreateAccountStatus!.AccountId}`,
    )
  })

  it('Given an email already used by an account, then the request FAILS with EMAIL_ALREADY_EXISTS', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    await vendAccount(emu, 'dup@example.com')
    const out = await org.send(new CreateAccountCommand({ Email: 'DUP@example.com', AccountName: 'again' }))
    const done = await finalStatus(org, out.CreateAccountStatus!.Id!)
    expect(done.CreateAccountStatus).toMatchObject({ State: 'FAILED', FailureReason: 'EMAIL_ALREADY_EXISTS' })
    expect(done.CreateAccountStatus?.AccountId).toBeUndefined()
  })

  it('Given an email used by an in-progress request, then the second FAILS with EMAIL_ALREADY_EXISTS', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    const first = await org.send(new CreateAccountCommand({ Email: 'race@example.com', AccountName: 'one' }))
    const second = await org.send(new CreateAccountCommand({ Email: 'race@example.com', AccountName: 'two' }))
    expect((await finalStatus(org, first.CreateAccountStatus!.Id!)).CreateAccountStatus?.State).toBe('SUCCEEDED')
    expect((await finalStatus(org, second.CreateAccountStatus!.Id!)).CreateAccountStatus?.FailureReason).toBe(
      'EMAIL_ALREADY_EXISTS',
    )
  })

  it('Given six concurrent requests, then the sixth is refused with ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED', async () => {
    emu.state.durations.createAccountMs = 3_600_000
    const org = new OrganizationsClient(emu.clientConfig())
    for (let i = 0; i < 5; i++)
      await org.send(new CreateAccountCommand({ Email: `c${i}@example.com`, AccountName: `c${i}` }))
    const error = await failure(org.send(new CreateAccountCommand({ Email: 'c5@example.com', AccountName: 'c5' })))
    expect(error).toBeInstanceOf(ConstraintViolationException)
    expect((error as ConstraintViolationException).Reason).toBe('ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED')
    expect(error.$metadata.httpStatusCode).toBe(400)
    const listed = await org.send(new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS'] }))
    expect(listed.CreateAccountStatuses).toHaveLength(5)
  })

  it('Given a fault rule forcing a FailureReason, then the request FAILS with it once', async () => {
    emu.state.faults = [
      { service: 'organizations', operation: 'CreateAccount', failureReason: 'INTERNAL_FAILURE', count: 1 },
    ]
    const org = new OrganizationsClient(emu.clientConfig())
    const out = await org.send(new CreateAccountCommand({ Email: 'f@example.com', AccountName: 'f' }))
    expect((await finalStatus(org, out.CreateAccountStatus!.Id!)).CreateAccountStatus?.FailureReason).toBe(
      'INTERNAL_FAILURE',
    )
    expect(await vendAccount(emu, 'f2@example.com')).toMatch(/^\d{12}$/)
  })

  it('Given tags, then the new account carries them', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    const out = await org.send(
      new CreateAccountCommand({ Email: 't@example.com', AccountName: 't', Tags: [{ Key: 'team', Value: 'qa' }] }),
    )
    const accountId = (await finalStatus(org, out.CreateAccountStatus!.Id!)).CreateAccountStatus!.AccountId!
    const tags = await org.send(new ListTagsForResourceCommand({ ResourceId: accountId }))
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'qa' }])
  })

  it.each([
    [{ Email: 'not-an-email', AccountName: 'x' }, 'INVALID_PATTERN'],
    [{ Email: 'ok@example.com', AccountName: 'x', RoleName: 'bad role' }, 'INVALID_ROLE_NAME'],
    [{ Email: 'ok@example.com', AccountName: 'x'.repeat(51) }, 'MAX_LENGTH_EXCEEDED'],
  ])('Given invalid input %j, then InvalidInputException %s', async (input, reason) => {
    const org = new OrganizationsClient(emu.clientConfig())
    const error = await failure(org.send(new CreateAccountCommand(input)))
    expect(error).toBeInstanceOf(InvalidInputException)
    expect((error as InvalidInputException).Reason).toBe(reason)
    expect(error.message).toMatch(/You provided a value for \w+ that/)
  })

  it('Given an unknown request id, then CreateAccountStatusNotFoundException', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    const error = await failure(
      org.send(
        new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-00000000000000000000000000000000' }),
      ),
    )
    expect(error).toBeInstanceOf(CreateAccountStatusNotFoundException)
    expect(error.message).toContain("We can't find an create account request")
  })
})

describe('CreateAccount quota', () => {
  const emu = withEmulator({ maxAccounts: 3 })

  it('Given accounts up to the limit (closed ones included), then the next request FAILS with ACCOUNT_LIMIT_EXCEEDED', async () => {
    const org = new OrganizationsClient(emu.clientConfig())
    const closed = await vendAccount(emu, 'q1@example.com')
    await org.send(new CloseAccountCommand({ AccountId: closed }))
    await until(
      () => org.send(new DescribeAccountCommand({ AccountId: closed })),
      (out) => out.Account?.Status === 'SUSPENDED',
    )
    const pending = await org.send(new CreateAccountCommand({ Email: 'q2@example.com', AccountName: 'q2' }))
    const over = await org.send(new CreateAccountCommand({ Email: 'q3@example.com', AccountName: 'q3' }))
    expect((await finalStatus(org, pending.CreateAccountStatus!.Id!)).CreateAccountStatus?.State).toBe('SUCCEEDED')
    expect((await finalStatus(org, over.CreateAccountStatus!.Id!)).CreateAccountStatus).toMatchObject({
      State: 'FAILED',
      FailureReason: 'ACCOUNT_LIMIT_EXCEEDED',
    })
  })
})
