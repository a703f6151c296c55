/**
 * What a lost run left in a pooled account: a run killed on a CI runner never reaches the store with its
 * journal, so no sweep knows its role or resources, and the account is reused night after night. A pool run
 * removes, in each pooled account it reuses, other runs' leftovers more than a day old (a run on another
 * runner may still be using younger ones): harness roles by name and creation time, and resources carrying
 * a harness:run-id whose run started over a day ago.
 */
import { createRequire } from 'node:module'
import type * as SdkResourceGroupsTaggingApi from '@aws-sdk/client-resource-groups-tagging-api'
import type { AccountSession } from '../accounts/types.js'
import { RUN_ID_TAG } from '../accounts/vend.js'
import { deleteHarnessRole, HARNESS_ROLE_PREFIX, listRolesNamed } from '../credentials/harness-role.js'
import type { ClientFactory } from '../credentials/types.js'
import { runStartOf } from '../history/run-id.js'
import { redactSecrets } from '../outcomes/redact.js'
import { deleteResource } from './delete-resource.js'
import { ORPHAN_AGE_MS } from './orphans.js'

// CommonJS bundles through require: see find.ts.
const requireSdk = createRequire(import.meta.url)
const { GetResourcesCommand, ResourceGroupsTaggingAPIClient } = requireSdk(
  '@aws-sdk/client-resource-groups-tagging-api',
) as typeof SdkResourceGroupsTaggingApi

export interface StaleSweep {
  deleted: string[]
  problems: string[]
}

export interface StaleSweepInput {
  session: AccountSession
  ownRoleName: string
  ownRunId: string
  /** Where the account was used: the pooled account's regions and tonight's. */
  regions: readonly string[]
  now: Date
}

export async function deleteStaleLeftovers(input: StaleSweepInput): Promise<StaleSweep> {
  const result: StaleSweep = { deleted: [], problems: [] }
  const old = (time: Date) => input.now.getTime() - time.getTime() > ORPHAN_AGE_MS
  for (const region of input.regions) {
    for (const arn of await staleTagged(input, region, old).catch(() => [])) {
      await attempt(result, arn, () => deleteResource(adminClients(input.session, region), arn))
    }
  }
  const roles = await listRolesNamed(input.session, HARNESS_ROLE_PREFIX)
  for (const { roleName } of roles.filter((role) => role.roleName !== input.ownRoleName && old(role.createdAt)))
    await attempt(result, `role ${roleName}`, () => deleteHarnessRole(input.session, { roleName }))
  return result
}

async function attempt(result: StaleSweep, what: string, remove: () => Promise<void>): Promise<void> {
  try {
    await remove()
    result.deleted.push(what)
  } catch (error) {
    result.problems.push(`${what}: ${redactSecrets((error as Error).message)}`)
  }
}

/** Resources in `region` tagged with another run's id, that run started over a day ago (the id says when). */
async function staleTagged(input: StaleSweepInput, region: string, old: (time: Date) => boolean): Promise<string[]> {
  const session = input.session
  const tagging = new ResourceGroupsTaggingAPIClient(session.clientConfig(region, session.adminCredentials(region)))
  const arns: string[] = []
  try {
    let PaginationToken: string | undefined
    do {
      const page = await tagging.send(new GetResourcesCommand({ TagFilters: [{ Key: RUN_ID_TAG }], PaginationToken }))
      for (const mapping of page.ResourceTagMappingList ?? []) {
        const runId = mapping.Tags?.find((tag) => tag.Key === RUN_ID_TAG)?.Value
        const started = runId && runId !== input.ownRunId ? runStartOf(runId) : undefined
        if (mapping.ResourceARN && started && old(started)) arns.push(mapping.ResourceARN)
      }
      PaginationToken = page.PaginationToken || undefined
    } while (PaginationToken)
  } finally {
    tagging.destroy()
  }
  return arns
}

/** Clients with the account's administrator credentials, as sweep.ts deletes with them. */
const adminClients =
  (session: AccountSession, region: string): ClientFactory =>
  (Client) =>
    new Client({ ...session.clientConfig(region, session.adminCredentials(region)) })
