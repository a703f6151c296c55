/**
 * Accounts a lost run vended, found in the organization itself. A CI runner killed mid-run takes its run
 * journal with it, so the next night (a fresh runner, its reports directory pulled from the store) has no
 * record of the account. An account is such an orphan when it is ACTIVE, named like harness's accounts,
 * tagged harness:managed, in no ledger entry or journal here, and joined more than ORPHAN_AGE ago: a run
 * still going on another runner (a shard of tonight's) is younger. Read-only; sweep.ts decides what to do.
 */
import { createRequire } from 'node:module'
import type * as SdkOrganizations from '@aws-sdk/client-organizations'
import type { OrganizationsClient } from '@aws-sdk/client-organizations'
import { AFTER_RUN_TAG, MANAGED_ACCOUNT_TAG, RUN_ID_TAG } from '../accounts/vend.js'

// CommonJS bundles through require: see find.ts.
const requireSdk = createRequire(import.meta.url)
const { ListAccountsCommand, ListTagsForResourceCommand } = requireSdk(
  '@aws-sdk/client-organizations',
) as typeof SdkOrganizations

/** Longer than any run (a nightly's job timeout is hours): younger accounts may belong to one in progress. */
export const ORPHAN_AGE_MS = 24 * 60 * 60_000

export interface OrphanAccount {
  accountId: string
  runId?: string
  joinedAt: Date
  /** Its run meant to close it (tagged harness:after-run=close). */
  closeIt: boolean
}

export interface OrphanScan {
  /** Accounts harness knows here: the ledger's and every journal's. */
  known: ReadonlySet<string>
  now: Date
  managementAccountId?: string
  /** accounts.namePrefix: only accounts so named are looked at (a large organization has many others). */
  namePrefix?: string
}

export async function findOrphanAccounts(org: OrganizationsClient, scan: OrphanScan): Promise<OrphanAccount[]> {
  const candidates = (await activeAccounts(org)).filter(
    (account) =>
      !scan.known.has(account.id) &&
      account.id !== scan.managementAccountId &&
      (scan.namePrefix === undefined || account.name.startsWith(scan.namePrefix)) &&
      scan.now.getTime() - account.joinedAt.getTime() > ORPHAN_AGE_MS,
  )
  const orphans: OrphanAccount[] = []
  for (const account of candidates) {
    const tags = await tagsOf(org, account.id)
    if (tags.get(MANAGED_ACCOUNT_TAG) !== 'true') continue
    const runId = tags.get(RUN_ID_TAG)
    orphans.push({
      accountId: account.id,
      ...(runId ? { runId } : {}),
      joinedAt: account.joinedAt,
      closeIt: tags.get(AFTER_RUN_TAG) === 'close',
    })
  }
  return orphans
}

async function activeAccounts(org: OrganizationsClient): Promise<Array<{ id: string; name: string; joinedAt: Date }>> {
  const accounts: Array<{ id: string; name: string; joinedAt: Date }> = []
  let NextToken: string | undefined
  do {
    const page = await org.send(new ListAccountsCommand({ NextToken }))
    for (const account of page.Accounts ?? []) {
      if ((account.State ?? account.Status) !== 'ACTIVE' || !account.Id) continue
      accounts.push({ id: account.Id, name: account.Name ?? '', joinedAt: account.JoinedTimestamp ?? new Date() })
    }
    NextToken = page.NextToken
  } while (NextToken)
  return accounts
}

async function tagsOf(org: OrganizationsClient, accountId: string): Promise<Map<string, string>> {
  const tags = new Map<string, string>()
  let NextToken: string | undefined
  do {
    const page = await org.send(new ListTagsForResourceCommand({ ResourceId: accountId, NextToken }))
    for (const tag of page.Tags ?? []) if (tag.Key) tags.set(tag.Key, tag.Value ?? '')
    NextToken = page.NextToken
  } while (NextToken)
  return tags
}
