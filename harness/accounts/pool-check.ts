/**
 * Before a pooled account is trusted with tonight's work: it must still be open (ACTIVE) and still
 * carry the harness:managed tag. An account closed or moved out of reach since the ledger recorded it,
 * or an emulator that started empty, leaves the pool for this run, with the reason.
 */
import { createRequire } from 'node:module'
import type * as SdkOrganizations from '@aws-sdk/client-organizations'
import { awsErrorName } from '../credentials/aws-error.js'
import { managementClientConfig } from '../credentials/sdk-retry.js'
import type { AwsTarget } from './types.js'
import { MANAGED_ACCOUNT_TAG } from './vend.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { DescribeAccountCommand, ListTagsForResourceCommand, OrganizationsClient } = requireSdk(
  '@aws-sdk/client-organizations',
) as typeof SdkOrganizations
type OrganizationsClient = SdkOrganizations.OrganizationsClient

export interface PoolCheck {
  usable: string[]
  /** `closed`: the organization shows it closing or closed (closed outside harness, or a close harness never recorded). */
  dropped: Array<{ accountId: string; why: string; closed?: boolean }>
}

const CLOSED = /state is (PENDING_CLOSURE|SUSPENDED|CLOSED)/

export async function checkPoolAccounts(target: AwsTarget, accountIds: readonly string[]): Promise<PoolCheck> {
  const org = new OrganizationsClient(managementClientConfig(target))
  const check: PoolCheck = { usable: [], dropped: [] }
  try {
    for (const accountId of accountIds) {
      const why = await whyNotUsable(org, accountId)
      if (why) check.dropped.push({ accountId, why, ...(CLOSED.test(why) ? { closed: true } : {}) })
      else check.usable.push(accountId)
    }
  } finally {
    org.destroy()
  }
  return check
}

async function whyNotUsable(org: OrganizationsClient, accountId: string): Promise<string | undefined> {
  let state: string
  try {
    const described = await org.send(new DescribeAccountCommand({ AccountId: accountId }))
    state = described.Account?.State ?? described.Account?.Status ?? 'UNKNOWN'
  } catch (error) {
    if (awsErrorName(error) === 'AccountNotFoundException') return 'not in this organization'
    throw error
  }
  if (state !== 'ACTIVE') return `its state is ${state}`
  const tags = await org.send(new ListTagsForResourceCommand({ ResourceId: accountId }))
  const managed = (tags.Tags ?? []).some((tag) => tag.Key === MANAGED_ACCOUNT_TAG && tag.Value === 'true')
  return managed ? undefined : `it is no longer tagged ${MANAGED_ACCOUNT_TAG}`
}
