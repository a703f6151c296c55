/** IAM (awsQuery, global): roles, their policies, managed policies and account settings. */
import { type EmulatorResource, type EmulatorState, MANAGEMENT_ACCOUNT_ID } from '../../core/state.js'
import type { ServiceDefinition } from '../../core/types.js'
import { accountSettingsOperations } from './account-settings.js'
import { policyOperations } from './policies.js'
import { rolePolicyOperations } from './role-policies.js'
import { roleOperations } from './roles.js'

const tagMap = (tags: Array<{ Key: string; Value: string }>): Record<string, string> =>
  Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]))

/** Roles and customer managed policies of member accounts (the management account's own are setup, not leaks). */
function listResources(state: EmulatorState): EmulatorResource[] {
  const resources: EmulatorResource[] = []
  for (const account of state.accounts.values()) {
    if (account.id === MANAGEMENT_ACCOUNT_ID) continue
    for (const role of account.iam.roles.values()) {
      resources.push({
        accountId: account.id,
        region: 'global',
        type: 'iam:role',
        id: role.roleName,
        arn: role.arn,
        tags: tagMap(role.tags),
      })
    }
    for (const policy of account.iam.policies.values()) {
      resources.push({
        accountId: account.id,
        region: 'global',
        type: 'iam:policy',
        id: policy.policyName,
        arn: policy.arn,
        tags: tagMap(policy.tags),
      })
    }
  }
  return resources
}

const service: ServiceDefinition = {
  signingName: 'iam',
  iamPrefix: 'iam',
  eventSource: 'iam.amazonaws.com',
  protocol: 'query',
  apiVersion: '2010-05-08',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  global: true,
  operations: { ...roleOperations, ...rolePolicyOperations, ...policyOperations, ...accountSettingsOperations },
  listResources,
}

export default service
