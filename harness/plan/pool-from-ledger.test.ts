/** The planner's quota state from the organization's own count and harness's ledger (pure). */
import { describe, expect, it } from 'vitest'
import type { LedgerEntry } from '../accounts/ledger.js'
import { quotaFromOrganization } from './pool-from-ledger.js'

const NOW = new Date('2026-06-01T00:00:00.000Z')
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 24 * 60 * 60_000).toISOString()

const entry = (accountId: string, status: LedgerEntry['status'], updatedAt: string): LedgerEntry => ({
  accountId,
  createdAt: daysAgo(200),
  updatedAt,
  runIds: ['r'],
  regionsUsed: [],
  operationsUsed: [],
  status,
})

describe('quotaFromOrganization', () => {
  it('Given the organization counts 7 accounts, 2 of them pooled and 1 closed by harness, Then 4 are held by others', () => {
    const ledger = [
      entry('111111111111', 'kept', daysAgo(1)),
      entry('222222222222', 'kept', daysAgo(1)),
      entry('333333333333', 'closed', daysAgo(40)),
    ]
    const facts = { count: 7, quota: 10, closedHeld: ['333333333333'] }
    expect(quotaFromOrganization(facts, ledger, { reserve: 1, now: NOW, openPool: 2 })).toEqual({
      quota: 10,
      held: 7,
      othersHeld: 4,
      reserve: 1,
      // Closed 40 days ago: outside the rolling 30-day close window.
      closesLeft: 250,
    })
  })

  it('Given closes within the last 30 days on the target clock, Then they count against the close quota', () => {
    const ledger = [entry('444444444444', 'closed', daysAgo(2)), entry('555555555555', 'close-failed', daysAgo(29))]
    const facts = { count: 3, quota: 10, closedHeld: ['444444444444'] }
    expect(quotaFromOrganization(facts, ledger, { reserve: 1, now: NOW, openPool: 0 }).closesLeft).toBe(248)
  })

  it('Given a pooled account the organization no longer has, Then it is not counted as held by harness', () => {
    const ledger = [entry('111111111111', 'kept', daysAgo(1)), entry('222222222222', 'kept', daysAgo(1))]
    // Only one of the two is still open; the management account makes 2.
    expect(
      quotaFromOrganization({ count: 2, quota: 10, closedHeld: [] }, ledger, { reserve: 1, now: NOW, openPool: 1 })
        .othersHeld,
    ).toBe(1)
  })
})
