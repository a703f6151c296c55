/** Accounts through the SDK: describe, list, move between parents, close, and who may call. */
import {
  AccessDeniedException,
  AccountAlreadyClosedException,
  AccountNotFoundException,
  CloseAccountCommand,
  ConstraintViolationException,
  CreateOrganizationalUnitCommand,
  DescribeAccountCommand,
  DescribeOrganizationCommand,
  DuplicateAccountException,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  SourceParentNotFoundException,
} from '@aws-sdk/client-organizations'
import { describe, expect, it } from 'vitest'
import { memberAdmin, vendAccount } from '../../test-accounts.js'
import { advanceClock, failure, withEmulator } from '../../testing.js'

describe('Organizations accounts', () => {
  const emu = withEmulator()
  const client = () => new OrganizationsClient(emu.clientConfig())

  it('Given a vended account, then ListAccounts shows it with the management account', async () => {
    const accountId = await vendAccount(emu, 'list@example.com')
    const listed = await client().send(new ListAccountsCommand({}))
    expect(listed.Accounts?.map((a) => a.Id).sort()).toEqual(['111111111111', accountId].sort())
    const mgmt = listed.Accounts?.find((a) => a.Id === '111111111111')
    expect(mgmt).toMatchObject({ Status: 'ACTIVE', JoinedMethod: 'INVITED' })
  })

  it('Given ListAccounts with MaxResults 1, then it pages with NextToken', async () => {
    await vendAccount(emu, 'page@example.com')
    const first = await client().send(new ListAccountsCommand({ MaxResults: 1 }))
    expect(first.Accounts).toHaveLength(1)
    expect(first.NextToken).toBeDefined()
    const second = await client().send(new ListAccountsCommand({ MaxResults: 1, NextToken: first.NextToken }))
    expect(second.Accounts).toHaveLength(1)
    expect(second.NextToken).toBeUndefined()
    expect(second.Accounts![0]!.Id).not.toBe(first.Accounts![0]!.Id)
  })

  it('Given an OU, when an account moves into it, then ListAccountsForParent reflects the move', async () => {
    const accountId = await vendAccount(emu, 'move@example.com')
    const rootId = (await client().send(new ListRootsCommand({}))).Roots![0]!.Id!
    const ou = await client().send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'sandbox' }))
    const ouId = ou.OrganizationalUnit!.Id!
    await client().send(
      new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: ouId }),
    )
    const inOu = await client().send(new ListAccountsForParentCommand({ ParentId: ouId }))
    expect(inOu.Accounts?.map((a) => a.Id)).toEqual([accountId])
    const again = await failure(
      client().send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: ouId, DestinationParentId: ouId })),
    )
    expect(again).toBeInstanceOf(DuplicateAccountException)
    const wrongSource = await failure(
      client().send(
        new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: ouId }),
      ),
    )
    expect(wrongSource).toBeInstanceOf(SourceParentNotFoundException)
  })

  it('Given an unknown account id, then AccountNotFoundException', async () => {
    const error = await failure(client().send(new DescribeAccountCommand({ AccountId: '999999999999' })))
    expect(error).toBeInstanceOf(AccountNotFoundException)
    expect(error.$metadata.httpStatusCode).toBe(400)
  })

  it('Given CloseAccount, then the account is PENDING_CLOSURE, then SUSPENDED, and closing again fails', async () => {
    const accountId = await vendAccount(emu, 'close@example.com')
    // An hour-long closure (3.6 s on this clock) cannot finish before the next call; the clock moves it on.
    emu.state.durations.closeAccountMs = 3_600_000
    await client().send(new CloseAccountCommand({ AccountId: accountId }))
    const pending = await client().send(new DescribeAccountCommand({ AccountId: accountId }))
    expect(pending.Account?.Status).toBe('PENDING_CLOSURE')
    await advanceClock(emu, emu.state.clock.scaled(3_600_000))
    const suspended = await client().send(new DescribeAccountCommand({ AccountId: accountId }))
    expect(suspended.Account?.Status).toBe('SUSPENDED')
    expect(suspended.Account?.State).toBe('SUSPENDED')
    const again = await failure(client().send(new CloseAccountCommand({ AccountId: accountId })))
    expect(again).toBeInstanceOf(AccountAlreadyClosedException)
    expect(again.message).toBe('You attempted to close an account that is already closed.')
  })

  it('Given the management account, then CloseAccount is a ConstraintViolation CANNOT_CLOSE_MANAGEMENT_ACCOUNT', async () => {
    const error = await failure(client().send(new CloseAccountCommand({ AccountId: '111111111111' })))
    expect(error).toBeInstanceOf(ConstraintViolationException)
    expect((error as ConstraintViolationException).Reason).toBe('CANNOT_CLOSE_MANAGEMENT_ACCOUNT')
  })

  it('Given three closures in progress, then a fourth is CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED', async () => {
    const ids = []
    for (let i = 0; i < 4; i++) ids.push(await vendAccount(emu, `cl${i}@example.com`))
    emu.state.durations.closeAccountMs = 3_600_000
    for (const id of ids.slice(0, 3)) await client().send(new CloseAccountCommand({ AccountId: id }))
    const error = await failure(client().send(new CloseAccountCommand({ AccountId: ids[3]! })))
    expect(error).toBeInstanceOf(ConstraintViolationException)
    expect((error as ConstraintViolationException).Reason).toBe('CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED')
  })

  it('Given member-account credentials, then management-only calls are AccessDenied while DescribeOrganization works', async () => {
    const accountId = await vendAccount(emu, 'member@example.com')
    const member = new OrganizationsClient(emu.clientConfig('us-east-1', await memberAdmin(emu, accountId)))
    const error = await failure(member.send(new ListAccountsCommand({})))
    expect(error).toBeInstanceOf(AccessDeniedException)
    expect(error.message).toBe("You don't have permissions to access this resource.")
    const described = await member.send(new DescribeOrganizationCommand({}))
    expect(described.Organization?.MasterAccountId).toBe('111111111111')
  })
})
