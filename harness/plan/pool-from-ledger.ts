/**
 * The planner's view of the organization from the account ledger: open pooled accounts and what
 * holds a slot. Pure. Closed accounts hold their slot for 90 days after closing (aws-facts §11);
 * the close quota is the higher of 250 or 20% of members per rolling 30 days (CloseAccount model;
 * the emulator's closeQuota is that rule).
 */
import type { LedgerEntry } from '../accounts/ledger.js'
import { closeQuota } from '../emulator/services/organizations/accounts.js'
import { POST_CLOSURE_NIGHTS } from './budget.js'
import type { PoolAccount, QuotaState } from './types.js'

const DAY_MS = 24 * 60 * 60_000
const CLOSE_WINDOW_DAYS = 30

export function poolFromLedger(ledger: LedgerEntry[]): PoolAccount[] {
  return ledger
    .filter((entry) => entry.status === 'kept')
    .map((entry) => ({ accountId: entry.accountId, createdAt: entry.createdAt, used: entry.operationsUsed }))
}

/** Quota state when the organization is not asked: the management account plus what the ledger holds. */
export function quotaFromLedger(
  ledger: LedgerEntry[],
  input: { quota: number; reserve: number; othersHeld: number; now: Date },
): QuotaState {
  const since = (entry: LedgerEntry) => (input.now.getTime() - Date.parse(entry.updatedAt)) / DAY_MS
  const closed = ledger.filter((entry) => entry.status !== 'kept')
  const closedHeld = closed.filter((entry) => since(entry) < POST_CLOSURE_NIGHTS).length
  const closedRecently = closed.filter((entry) => since(entry) < CLOSE_WINDOW_DAYS).length
  const open = ledger.length - closed.length
  const members = input.othersHeld + open + closedHeld - 1 // the management account is not a member
  return {
    quota: input.quota,
    held: input.othersHeld + open + closedHeld,
    othersHeld: input.othersHeld,
    reserve: input.reserve,
    closesLeft: Math.max(0, closeQuota(Math.max(0, members)) - closedRecently),
  }
}
