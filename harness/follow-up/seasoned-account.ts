/**
 * Which account can stand for "an existing customer" of a regressed step (pure): one harness kept open that
 * used every (operation, region) the step calls no later than the step's baseline run — when the step was
 * still allowed in a brand-new account, so before AWS's change reached new accounts there. AWS exempts
 * accounts that used an API BEFORE a "never used" rollout (seed 000: "will not be required for existing
 * accounts that previously used CreateLogGroup API with tags"; the emulator's timeline/active-changes.ts
 * compares the first use with the rollout date), so an account that only starts using it now cannot answer.
 */
import type { LedgerEntry } from '../accounts/ledger.js'
import { freshnessKey } from '../accounts/ledger.js'
import { compareText } from '../compare-text.js'
import type { StepResult } from '../history/types.js'

export interface SeasonedAccount {
  entry: LedgerEntry
  /** The run that first used the last of the step's keys there. */
  sinceRunId: string
  since: string
}

/** `logs:CreateLogGroup+tags@ca-central-1` for each call the step made (use is per operation and region). */
export function stepFreshnessKeys(result: Pick<StepResult, 'calls' | 'region'>): string[] {
  const keys = (result.calls ?? []).map((call) =>
    freshnessKey(`${call.action}${call.withTags ? '+tags' : ''}`, result.region),
  )
  return [...new Set(keys)]
}

export interface SeasonedQuery {
  keys: string[]
  /** Use that predates the change: by the run where the step was last allowed, or before it was first denied. */
  before: { runId: string } | { time: string }
  exclude: string
  open: ReadonlySet<string>
}

/** The kept account (not `exclude`, among `open` ids on the target) that used every key in time, seasoned longest first. */
export function findSeasonedAccount(ledger: readonly LedgerEntry[], query: SeasonedQuery): SeasonedAccount | undefined {
  if (query.keys.length === 0) return undefined
  const inTime = (use: { runId: string; at: string }) =>
    'runId' in query.before ? use.runId <= query.before.runId : Date.parse(use.at) < Date.parse(query.before.time)
  const candidates = ledger.flatMap((entry) => {
    if (entry.status !== 'kept' || entry.accountId === query.exclude || !query.open.has(entry.accountId)) return []
    const firstUses = query.keys.map((key) => entry.uses?.find((use) => use.key === key && inTime(use)))
    if (firstUses.some((use) => use === undefined)) return []
    const last = firstUses.reduce((a, b) => (a!.runId >= b!.runId ? a : b))!
    return [{ entry, sinceRunId: last.runId, since: last.at }]
  })
  return candidates.sort((a, b) => compareText(a.sinceRunId, b.sinceRunId))[0]
}

/**
 * A confirmed regression in a step that ran in an account which had used every one of the step's keys by
 * the step's baseline (a pool run's seasoned step): that account is itself an existing customer denied, so
 * the radius is "all accounts" without another run. Undefined when the step's own account does not qualify.
 */
export function selfSeasoned(
  ledger: readonly LedgerEntry[],
  accountId: string,
  query: Pick<SeasonedQuery, 'keys' | 'before'>,
): SeasonedAccount | undefined {
  const own = ledger.filter((entry) => entry.accountId === accountId)
  return findSeasonedAccount(own, { ...query, exclude: '', open: new Set([accountId]) })
}
