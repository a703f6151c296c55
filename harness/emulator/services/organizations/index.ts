/** Organizations (awsJson1_1, global): the organization, its accounts, OUs, SCPs, tags and trusted access. */
import { type EmulatorResource, type EmulatorState, MANAGEMENT_ACCOUNT_ID } from '../../core/state.js'
import type { ServiceDefinition } from '../../core/types.js'
import { accountOperations } from './accounts.js'
import { createAccountOperations } from './create-account.js'
import { policyOperations } from './policies.js'
import { structureOperations } from './structure.js'
import { tagOperations } from './tags.js'

export { forcedCreateAccountFailure } from './create-account.js'
export { settleOrganization } from './settle.js'

/** User-created OUs and policies (accounts are not resources to clean up). */
function listResources(state: EmulatorState): EmulatorResource[] {
  const org = state.organization
  if (!org) return []
  const tagsOf = (id: string) => Object.fromEntries((org.tags.get(id) ?? []).map((tag) => [tag.Key, tag.Value]))
  const owner = org.masterAccountId ?? MANAGEMENT_ACCOUNT_ID
  return [
    ...[...org.ous.values()].map((ou) => ({
      accountId: owner,
      region: 'global',
      type: 'organizations:ou',
      id: ou.id,
      arn: ou.arn,
      tags: tagsOf(ou.id),
    })),
    ...[...org.policies.values()]
      .filter((policy) => !policy.awsManaged)
      .map((policy) => ({
        accountId: owner,
        region: 'global',
        type: 'organizations:policy',
        id: policy.id,
        arn: policy.arn,
        tags: tagsOf(policy.id),
      })),
  ]
}

const service: ServiceDefinition = {
  signingName: 'organizations',
  iamPrefix: 'organizations',
  eventSource: 'organizations.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'AWSOrganizationsV20161128',
  errorMessageKey: 'Message',
  global: true,
  operations: {
    ...structureOperations,
    ...createAccountOperations,
    ...accountOperations,
    ...policyOperations,
    ...tagOperations,
  },
  listResources,
}

export default service
