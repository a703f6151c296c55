/**
 * Accounts a lost run vended, found in the organization itself. A CI runner killed mid-run takes its run
 * journal with it, so the next night (a fresh runner, its reports directory pulled from the store) has no
 * record of the account. An account is such an orphan when it is ACTIVE, named and addressed as this
 * installation names its accounts (accounts.namePrefix, accounts.emailTemplate),
 * tagged harness:managed, in no ledger entry or journal here, and joined more than ORPHAN_AGE ago: a run
 * still going on another runner (a shard of tonight's) is younger. Read-only; sweep.ts decides what to do.
 */
import { createRequire } from 'node:module'
import type * as SdkOrganizations from '@aws-sdk/client-organizations'
import type { OrganizationsClient } from '@aws-sdk/client-organizations'
import { isTemplateEmail } from '../accounts/naming.js'
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
  /**
   * This installation's accounts.namePrefix and emailTemplate: only accounts so named and addressed are
   * looked at. A large organization has many others, and another team's harness there has its own template.
   */
  naming?: { namePrefix: string; emailTemplate: string }
}

export async function findOrphanAccounts(org: OrganizationsClient, scan: OrphanScan): Promise<OrphanAccount[]> {
  const candidates = (await activeAccounts(org)).filter(
    (account) =>
      !scan.known.has(account.id) &&
      account.id !== scan.managementAccountId &&
      (!scan.naming ||
        (account.name.startsWith(scan.naming.namePrefix) &&
          isTemplateEmail(scan.naming.emailTemplate, account.email))) &&
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

interface ListedAccount {
  id: string
  name: string
  email: string
  joinedAt: Date
}

async function activeAccounts(org: OrganizationsClient): Promise<ListedAccount[]> {
  const accounts: ListedAccount[] = []
  let NextToken: string | undefined
  do {
    const page = await org.send(new ListAccountsCommand({ NextToken }))
    for (const account of page.Accounts ?? []) {
      if ((account.State ?? account.Status) !== 'ACTIVE' || !account.Id) continue
      const { Id: id, Name: name = '', Email: email = '', JoinedTimestamp: joinedAt = new Date() } = account
      accounts.push({ id, name, email, joinedAt })
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
