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

/**
 * Quota state from the organization itself (ListAccounts: every account that holds a slot, closed
 * ones for 90 days): what is not in harness's ledger is someone else's.
 */
export function quotaFromOrganization(
  facts: { count: number; quota: number; closedHeld: string[] },
  ledger: LedgerEntry[],
  /** openPool: the pooled accounts open in the organization now. */
  input: { reserve: number; now: Date; openPool: number },
): QuotaState {
  const ours = new Set(ledger.map((entry) => entry.accountId))
  const oursHeld = facts.closedHeld.filter((id) => ours.has(id)).length
  const oursOpen = input.openPool
  const closedRecently = ledger.filter(
    (entry) =>
      entry.status !== 'kept' && (input.now.getTime() - Date.parse(entry.updatedAt)) / DAY_MS < CLOSE_WINDOW_DAYS,
  ).length
  return {
    quota: facts.quota,
    held: facts.count,
    othersHeld: Math.max(1, facts.count - oursHeld - oursOpen),
    reserve: input.reserve,
    closesLeft: Math.max(0, closeQuota(Math.max(0, facts.count - 1)) - closedRecently),
  }
}
