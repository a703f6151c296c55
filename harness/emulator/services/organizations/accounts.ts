/** Member accounts: describe, list, move between parents, close (PENDING_CLOSURE → SUSPENDED). */

import { compareText } from '../../../compare-text.js'
import type { AccountRecord } from '../../core/state.js'
import type { AuthCheck, OperationDefinition, RequestContext } from '../../core/types.js'
import { resourceArnOrWildcard } from './arns.js'
import {
  accountAlreadyClosed,
  accountNotFound,
  constraintViolation,
  destinationParentNotFound,
  duplicateAccount,
  sourceParentNotFound,
} from './errors.js'
import { managementOrganization } from './guards.js'
import { ACCOUNT_ID, PARENT_ID, paginateOrg, requiredField } from './input.js'
import { isParent, parentCheck, requireParent } from './parents.js'
import { accountToWire } from './wire.js'

export const MAX_CONCURRENT_CLOSURES = 3

/**
 * "Within a rolling 30 day period you can close the higher of either 250 or 20% of the member
 * accounts in your organization, up to a maximum of 1,000" (CloseAccount, Organizations SDK model).
 */
export function closeQuota(memberAccounts: number): number {
  return Math.min(1_000, Math.max(250, Math.floor(memberAccounts * 0.2)))
}

function assertCloseQuota(ctx: RequestContext, managementAccountId: string): void {
  const windowStart = ctx.state.clock.now().getTime() - ctx.state.clock.scaled(ctx.state.durations.closeQuotaWindowMs)
  const members = [...ctx.state.accounts.values()].filter((a) => a.id !== managementAccountId)
  const closedInWindow = members.filter((a) => a.closeRequestedAt && a.closeRequestedAt.getTime() > windowStart)
  if (closedInWindow.length >= closeQuota(members.length))
    throw constraintViolation(
      'CLOSE_ACCOUNT_QUOTA_EXCEEDED',
      'You have exceeded close account quota for the past 30 days.',
    )
}

const accountCheck = (ctx: RequestContext, action: string): AuthCheck => ({
  action,
  resource: resourceArnOrWildcard(ctx.state, ctx.params.AccountId),
  reason: 'primary',
})

function requireAccount(ctx: RequestContext): AccountRecord {
  const accountId = requiredField(ctx.params, 'AccountId', ACCOUNT_ID)
  const account = ctx.state.accounts.get(accountId)
  if (!account) throw accountNotFound()
  return account
}

const byName = (a: AccountRecord, b: AccountRecord) => compareText(a.name, b.name) || compareText(a.id, b.id)

function listOutput(accounts: AccountRecord[], params: Record<string, any>) {
  const { page, NextToken } = paginateOrg(accounts.sort(byName).map(accountToWire), params)
  return { Accounts: page, ...(NextToken ? { NextToken } : {}) }
}

const describeAccount: OperationDefinition = {
  authorize: (ctx) => [accountCheck(ctx, 'organizations:DescribeAccount')],
  handler(ctx) {
    managementOrganization(ctx)
    return { Account: accountToWire(requireAccount(ctx)) }
  },
}

const listAccounts: OperationDefinition = {
  authorize: () => [{ action: 'organizations:ListAccounts', resource: '*', reason: 'primary' }],
  handler(ctx) {
    managementOrganization(ctx)
    return listOutput([...ctx.state.accounts.values()], ctx.params)
  },
}

const listAccountsForParent: OperationDefinition = {
  authorize: (ctx) => [parentCheck(ctx, 'organizations:ListAccountsForParent')],
  handler(ctx) {
    const parentId = requireParent(ctx, managementOrganization(ctx))
    return listOutput(
      [...ctx.state.accounts.values()].filter((account) => account.parentId === parentId),
      ctx.params,
    )
  },
}

const moveAccount: OperationDefinition = {
  authorize: (ctx) => [
    accountCheck(ctx, 'organizations:MoveAccount'),
    parentCheck(ctx, 'organizations:MoveAccount', 'SourceParentId'),
    parentCheck(ctx, 'organizations:MoveAccount', 'DestinationParentId'),
  ],
  readOnly: false,
  handler(ctx) {
    const org = managementOrganization(ctx)
    const account = requireAccount(ctx)
    const source = requiredField(ctx.params, 'SourceParentId', PARENT_ID)
    const destination = requiredField(ctx.params, 'DestinationParentId', PARENT_ID)
    if (!isParent(org, source) || account.parentId !== source) throw sourceParentNotFound()
    if (!isParent(org, destination)) throw destinationParentNotFound()
    if (source === destination) throw duplicateAccount()
    account.parentId = destination
    return {}
  },
}

const closeAccount: OperationDefinition = {
  authorize: (ctx) => [accountCheck(ctx, 'organizations:CloseAccount')],
  readOnly: false,
  handler(ctx) {
    const org = managementOrganization(ctx)
    const account = requireAccount(ctx)
    if (account.id === org.masterAccountId)
      throw constraintViolation(
        'CANNOT_CLOSE_MANAGEMENT_ACCOUNT',
        'You attempted to close the management account. To close the management account for the organization, you must first either remove or close all member accounts in the organization.',
      )
    if (account.status !== 'ACTIVE') throw accountAlreadyClosed()
    const closing = [...ctx.state.accounts.values()].filter((a) => a.status === 'PENDING_CLOSURE').length
    if (closing >= MAX_CONCURRENT_CLOSURES)
      throw constraintViolation(
        'CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED',
        'You attempted to exceed the number of accounts that you can close at a time.',
      )
    assertCloseQuota(ctx, org.masterAccountId)
    account.status = 'PENDING_CLOSURE'
    account.closeRequestedAt = ctx.state.clock.now()
    account.suspendAt = ctx.state.clock.after(ctx.state.durations.closeAccountMs)
    return {}
  },
}

export const accountOperations: Record<string, OperationDefinition> = {
  DescribeAccount: describeAccount,
  ListAccounts: listAccounts,
  ListAccountsForParent: listAccountsForParent,
  MoveAccount: moveAccount,
  CloseAccount: closeAccount,
}
