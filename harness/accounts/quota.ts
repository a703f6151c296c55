/**
 * Quota preflight: before vending, count the organization's accounts (ACTIVE, SUSPENDED and
 * PENDING_CLOSURE all hold a slot until the 90-day post-closure period ends, plus requests in
 * progress) against its quota, and refuse with the count, the quota and the date the next slot
 * frees instead of failing mid-run (aws-facts §11). The quota is the emulator's configured one, or
 * on AWS `HARNESS_ACCOUNT_QUOTA` (default 10, the documented default; Service Quotas is not a
 * dependency, so a raised quota is given explicitly).
 */
import { createRequire } from 'node:module'
import type * as SdkOrganizations from '@aws-sdk/client-organizations'
import { managementClientConfig } from '../credentials/sdk-retry.js'
import { inProcessConfig } from '../emulator/in-process.js'
import { HarnessError } from '../errors.js'
import type { LedgerEntry } from './ledger.js'
import type { AwsTarget } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { ListAccountsCommand, ListCreateAccountStatusCommand, OrganizationsClient } = requireSdk(
  '@aws-sdk/client-organizations',
) as typeof SdkOrganizations
type OrganizationsClient = SdkOrganizations.OrganizationsClient

export const DEFAULT_ACCOUNT_QUOTA = 10
export const POST_CLOSURE_DAYS = 90

export interface QuotaFacts {
  count: number
  quota: number
  /** Accounts harness closed that still hold a slot, by account id. */
  closedHeld: string[]
}

export async function readAccountQuota(
  target: AwsTarget,
  env: Record<string, string | undefined>,
): Promise<QuotaFacts> {
  const org = new OrganizationsClient(managementClientConfig(target))
  try {
    const accounts = await listAll(org)
    const inProgress = await org.send(new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS'] }))
    const closedHeld = accounts.filter((a) => a.status !== 'ACTIVE').map((a) => a.id)
    const count = accounts.length + (inProgress.CreateAccountStatuses?.length ?? 0)
    return { count, quota: await quotaOf(target, env), closedHeld }
  } finally {
    org.destroy()
  }
}

/** The organization's ACTIVE member accounts (a ledger entry may name one that is gone, e.g. an earlier emulator's). */
export async function activeAccountIds(target: AwsTarget): Promise<Set<string>> {
  const org = new OrganizationsClient(managementClientConfig(target))
  try {
    return new Set((await listAll(org)).filter((a) => a.status === 'ACTIVE').map((a) => a.id))
  } finally {
    org.destroy()
  }
}

async function listAll(org: OrganizationsClient): Promise<Array<{ id: string; status: string }>> {
  const accounts: Array<{ id: string; status: string }> = []
  let NextToken: string | undefined
  do {
    const page = await org.send(new ListAccountsCommand({ NextToken }))
    for (const a of page.Accounts ?? []) accounts.push({ id: a.Id ?? '', status: a.State ?? a.Status ?? 'ACTIVE' })
    NextToken = page.NextToken
  } while (NextToken)
  return accounts
}

async function quotaOf(target: AwsTarget, env: Record<string, string | undefined>): Promise<number> {
  if (target.kind === 'local' && target.endpoint) {
    const body = (inProcessConfig(target.endpoint) ??
      (await (await fetch(`${target.endpoint.replace(/\/$/, '')}/_emulator/config`)).json())) as {
      maxAccounts?: unknown
    }
    if (typeof body.maxAccounts === 'number') return body.maxAccounts
  }
  const configured = Number(env.HARNESS_ACCOUNT_QUOTA)
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_ACCOUNT_QUOTA
}

/**
 * Pure: when the earliest slot held by an account harness closed frees up: closing time + 90 days, times
 * the time scale of an emulator (its post-closure period is scaled like every other duration).
 */
export function nextSlotFrees(facts: QuotaFacts, ledger: LedgerEntry[], timeScale = 1): Date | undefined {
  const held = new Set(facts.closedHeld)
  const times = ledger
    .filter((entry) => entry.status === 'closed' && held.has(entry.accountId))
    .map((entry) => new Date(entry.updatedAt).getTime() + POST_CLOSURE_DAYS * 24 * 60 * 60_000 * timeScale)
  return times.length > 0 ? new Date(Math.min(...times)) : undefined
}

/**
 * `onEmulator`: the quota is the emulator's (a standalone one keeps its closed accounts 90 simulated days,
 * as AWS does), so the way out is the emulator's setting, not Service Quotas. Keeping accounts after a per-run
 * run never frees a slot (each run vends anew): reuse is the pool strategy's.
 */
const AWS_REMEDY =
  "Raise the quota in Service Quotas (then set HARNESS_ACCOUNT_QUOTA), or use the pool strategy (accounts.strategy: 'pool', the default on AWS), which reuses kept accounts while they are fresh for a run's pairs."
const EMULATOR_REMEDY =
  'On the emulator: raise its quota (`harness emulator start --max-accounts <n>`, or POST /_emulator/config {"maxAccounts": n}) or start it afresh, or use the pool strategy (accounts.strategy: \'pool\'), which reuses kept accounts.'

/** "the organization has 10 account(s) … its quota is 10; the next slot frees on …": why no slot is free. */
export function noSlotText(facts: QuotaFacts, ledger: LedgerEntry[], timeScale = 1): string {
  const frees = nextSlotFrees(facts, ledger, timeScale)
  // On a time-scaled emulator the period can be under a day: said to the minute, with the scale.
  const on = timeScale === 1 ? frees?.toISOString().slice(0, 10) : frees?.toISOString().slice(0, 16).replace('T', ' ')
  const period = timeScale === 1 ? '90 days' : `90 days × the emulator's time scale ${timeScale}`
  const when = frees
    ? `the next slot frees on ${on}${timeScale === 1 ? '' : ' UTC'} (${period} after harness closed account ${facts.closedHeld[0]})`
    : 'no account harness closed is waiting out its 90 days, so no slot frees by itself'
  return `the organization has ${facts.count} account(s) (closed ones count for 90 days after closing) and its quota is ${facts.quota}; ${when}`
}

export const quotaRemedy = (onEmulator: boolean): string => (onEmulator ? EMULATOR_REMEDY : AWS_REMEDY)

/** `timeScale`: an emulator's (its durations, the post-closure period among them, are AWS's times it). */
export function assertSlotFree(facts: QuotaFacts, ledger: LedgerEntry[], onEmulator = false, timeScale = 1): void {
  if (facts.count < facts.quota) return
  throw new HarnessError(
    'ACCOUNT_QUOTA_EXHAUSTED',
    `no account slot is free: ${noSlotText(facts, ledger, timeScale)}. ${quotaRemedy(onEmulator)}`,
  )
}
