/**
 * What a sweep may touch, found read-only: per unsettled run journal, the account it vended (looked
 * up by its unique name when the run died before recording the id), whether that account is still
 * open, and whether it is really harness's — recorded AND tagged harness:managed, never the
 * management account — plus every leftover resource (journaled ARNs and, in the account, resources
 * carrying the run's harness:run-id tag through the Resource Groups Tagging API).
 */
import { createRequire } from 'node:module'
import type * as SdkOrganizations from '@aws-sdk/client-organizations'
import type { OrganizationsClient } from '@aws-sdk/client-organizations'
import type * as SdkResourceGroupsTaggingApi from '@aws-sdk/client-resource-groups-tagging-api'
import type { AccountSession } from '../accounts/types.js'
import { findRequestByName, MANAGED_ACCOUNT_TAG, RUN_ID_TAG } from '../accounts/vend.js'
import { awsErrorName } from '../credentials/aws-error.js'
import type { PendingWork } from '../journal/pending.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { DescribeAccountCommand, DescribeCreateAccountStatusCommand, ListTagsForResourceCommand } = requireSdk(
  '@aws-sdk/client-organizations',
) as typeof SdkOrganizations
const { GetResourcesCommand, ResourceGroupsTaggingAPIClient } = requireSdk(
  '@aws-sdk/client-resource-groups-tagging-api',
) as typeof SdkResourceGroupsTaggingApi
type ResourceGroupsTaggingAPIClient = SdkResourceGroupsTaggingApi.ResourceGroupsTaggingAPIClient

export type AccountState = 'open' | 'closed' | 'missing' | 'creating'

export interface AccountFacts {
  accountId?: string
  state: AccountState
  /** Recorded by harness AND tagged harness:managed AND not the management account. */
  owned: boolean
  why?: string
}

export async function findAccount(
  org: OrganizationsClient,
  work: PendingWork,
  managementAccountId: string | undefined,
): Promise<AccountFacts> {
  let accountId = work.accountId
  if (!accountId && work.accountRequest) {
    const requestId = work.accountRequest.requestId ?? (await findRequestByName(org, work.accountRequest.accountName))
    if (!requestId) return { state: 'missing', owned: false, why: 'its CreateAccount request never reached AWS' }
    const status = await org
      .send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }))
      .then((out) => out.CreateAccountStatus)
    if (status?.State === 'IN_PROGRESS')
      return { state: 'creating', owned: false, why: `request ${requestId} is still in progress` }
    if (status?.State !== 'SUCCEEDED' || !status.AccountId)
      return { state: 'missing', owned: false, why: `request ${requestId} ended ${status?.State ?? 'unknown'}` }
    accountId = status.AccountId
  }
  if (!accountId) return { state: 'missing', owned: false, why: 'no account was requested' }
  if (accountId === managementAccountId)
    return { accountId, state: 'open', owned: false, why: 'it is the management account' }
  let status: string
  try {
    const described = await org.send(new DescribeAccountCommand({ AccountId: accountId }))
    status = described.Account?.State ?? described.Account?.Status ?? 'UNKNOWN'
  } catch (error) {
    if (awsErrorName(error) === 'AccountNotFoundException') return { accountId, state: 'missing', owned: false }
    throw error
  }
  const tags = await org.send(new ListTagsForResourceCommand({ ResourceId: accountId }))
  const tagged = (tags.Tags ?? []).some((tag) => tag.Key === MANAGED_ACCOUNT_TAG && tag.Value === 'true')
  return {
    accountId,
    state: status === 'ACTIVE' ? 'open' : 'closed',
    owned: tagged,
    ...(tagged ? {} : { why: `it is not tagged ${MANAGED_ACCOUNT_TAG}` }),
  }
}

/** Journaled ARNs plus resources tagged with the run id in every region the run used. */
export async function findResources(session: AccountSession, work: PendingWork): Promise<string[]> {
  const arns = new Set(work.resources.map((resource) => resource.arn))
  const regions = new Set([...work.regions, ...work.resources.map((resource) => resource.region)])
  for (const region of regions) {
    const tagging = new ResourceGroupsTaggingAPIClient(session.clientConfig(region, session.adminCredentials(region)))
    try {
      await listTagged(tagging, work.runId, arns)
    } catch (error) {
      // A region that was never enabled holds nothing of this run.
      if (!REGION_NOT_SERVING.has(awsErrorName(error))) throw error
    } finally {
      tagging.destroy()
    }
  }
  return [...arns].sort()
}

const REGION_NOT_SERVING = new Set(['UnrecognizedClientException', 'InvalidClientTokenId', 'AuthFailure'])

async function listTagged(tagging: ResourceGroupsTaggingAPIClient, runId: string, into: Set<string>): Promise<void> {
  let PaginationToken: string | undefined
  do {
    const page = await tagging.send(
      new GetResourcesCommand({ TagFilters: [{ Key: RUN_ID_TAG, Values: [runId] }], PaginationToken }),
    )
    for (const mapping of page.ResourceTagMappingList ?? []) if (mapping.ResourceARN) into.add(mapping.ResourceARN)
    PaginationToken = page.PaginationToken || undefined
  } while (PaginationToken)
}
