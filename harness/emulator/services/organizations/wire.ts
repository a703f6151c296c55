/** Organizations records in their wire shapes (Dates become epoch seconds in the JSON protocol). */
import type {
  AccountRecord,
  CreateAccountRequestRecord,
  OrganizationalUnitRecord,
  OrganizationRecord,
  OrgPolicyRecord,
} from '../../core/state.js'
import { isInProgress } from './settle.js'

export const accountToWire = (account: AccountRecord) => ({
  Id: account.id,
  Arn: account.arn,
  Email: account.email,
  Name: account.name,
  Status: account.status,
  State: account.status,
  JoinedMethod: account.joinedMethod,
  JoinedTimestamp: account.joinedAt,
})

export function createAccountStatusToWire(request: CreateAccountRequestRecord, now: Date): Record<string, unknown> {
  const wire: Record<string, unknown> = {
    Id: request.id,
    AccountName: request.accountName,
    RequestedTimestamp: request.requestedAt,
  }
  if (isInProgress(request, now)) return { ...wire, State: 'IN_PROGRESS' }
  wire.CompletedTimestamp = request.completesAt
  if (request.outcome.state === 'SUCCEEDED')
    return { ...wire, State: 'SUCCEEDED', AccountId: request.outcome.accountId }
  return { ...wire, State: 'FAILED', FailureReason: request.outcome.failureReason }
}

const policyTypes = (org: OrganizationRecord) =>
  [...org.enabledPolicyTypes].map((type) => ({ Type: type, Status: 'ENABLED' }))

export const organizationToWire = (org: OrganizationRecord) => ({
  Id: org.id,
  Arn: org.arn,
  FeatureSet: org.featureSet,
  MasterAccountArn: `arn:aws:organizations::${org.masterAccountId}:account/${org.id}/${org.masterAccountId}`,
  MasterAccountId: org.masterAccountId,
  MasterAccountEmail: org.masterAccountEmail,
  AvailablePolicyTypes: policyTypes(org),
})

export const rootToWire = (org: OrganizationRecord) => ({
  Id: org.rootId,
  Arn: org.rootArn,
  Name: 'Root',
  PolicyTypes: policyTypes(org),
})

export const ouToWire = (ou: OrganizationalUnitRecord) => ({ Id: ou.id, Arn: ou.arn, Name: ou.name })

export const policySummaryToWire = (policy: OrgPolicyRecord) => ({
  Id: policy.id,
  Arn: policy.arn,
  Name: policy.name,
  Description: policy.description,
  Type: policy.type,
  AwsManaged: policy.awsManaged,
})
