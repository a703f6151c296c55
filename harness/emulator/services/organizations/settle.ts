/**
 * Organizations work that completes on the simulated clock: account creations and closures.
 * Applied lazily: every Organizations, Account and STS operation settles first, so an account
 * appears exactly when a caller could first observe it.
 */
import { ADMINISTRATOR_ACCESS_ARN, createAccountRecord, FULL_AWS_ACCESS_POLICY_ID } from '../../core/bootstrap.js'
import type { AccountRecord, CreateAccountRequestRecord, EmulatorState, OrganizationRecord } from '../../core/state.js'
import { createRoleRecord } from '../iam/propagation.js'

/** Trust policy of the role CreateAccount makes: principals of the management account may assume it. */
export const managementTrustPolicy = (managementAccountId: string): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${managementAccountId}:root` }, Action: 'sts:AssumeRole' },
    ],
  })

/** New roots' children get FullAWSAccess attached, as AWS does while SCPs are enabled. */
export function attachDefaultScp(org: OrganizationRecord, targetId: string): void {
  if (!org.enabledPolicyTypes.has('SERVICE_CONTROL_POLICY')) return
  org.attachments.set(targetId, new Set([FULL_AWS_ACCESS_POLICY_ID]))
}

function materializeAccount(state: EmulatorState, org: OrganizationRecord, request: CreateAccountRequestRecord): void {
  if (request.outcome.state !== 'SUCCEEDED') return
  const account = createAccountRecord(state, {
    id: request.outcome.accountId,
    name: request.accountName,
    email: request.email,
    parentId: org.rootId,
    joinedMethod: 'CREATED',
  })
  account.createdAt = request.completesAt
  account.joinedAt = request.completesAt
  attachDefaultScp(org, account.id)
  if (request.tags.length > 0) org.tags.set(account.id, [...request.tags])
  createRoleRecord(state, account, {
    roleName: request.roleName,
    trustPolicy: managementTrustPolicy(org.masterAccountId),
    attachedPolicyArns: [ADMINISTRATOR_ACCESS_ARN],
    // "It can return a successful completion message even though account initialization might still
    // be in progress. You might need to wait a few minutes" (CreateAccount API reference, aws-facts §11).
    effectiveAt: new Date(request.completesAt.getTime() + state.clock.scaled(state.durations.accountAccessDelayMs)),
    createdAt: request.completesAt,
  })
}

export function isInProgress(request: CreateAccountRequestRecord, now: Date): boolean {
  return request.completesAt.getTime() > now.getTime()
}

export function settleOrganization(state: EmulatorState): void {
  const org = state.organization
  if (!org) return
  const now = state.clock.now()
  for (const request of org.createAccountRequests.values()) {
    if (request.outcome.state !== 'SUCCEEDED' || isInProgress(request, now)) continue
    if (request.materialized) continue
    request.materialized = true
    if (!state.accounts.has(request.outcome.accountId)) materializeAccount(state, org, request)
  }
  for (const account of state.accounts.values()) {
    if (account.status === 'PENDING_CLOSURE' && account.suspendAt && account.suspendAt.getTime() <= now.getTime())
      account.status = 'SUSPENDED'
    if (hasDeparted(state, account, now)) departOrganization(state, org, account.id)
  }
}

/**
 * A closed account keeps its quota slot until the 90-day post-closure period ends; then AWS closes it
 * permanently and it leaves the organization (Organizations quotas page; aws-facts §11).
 */
function hasDeparted(state: EmulatorState, account: AccountRecord, now: Date): boolean {
  if (account.status === 'ACTIVE' || !account.closeRequestedAt) return false
  return account.closeRequestedAt.getTime() + state.clock.scaled(state.durations.postClosurePeriodMs) <= now.getTime()
}

function departOrganization(state: EmulatorState, org: OrganizationRecord, accountId: string): void {
  state.accounts.delete(accountId)
  org.tags.delete(accountId)
  org.attachments.delete(accountId)
}

/** When the earliest quota slot held by a closed account frees up, for quota preflights and tests. */
export function nextSlotFreesAt(state: EmulatorState): Date | undefined {
  let earliest: number | undefined
  for (const account of state.accounts.values()) {
    if (account.status === 'ACTIVE' || !account.closeRequestedAt) continue
    const at = account.closeRequestedAt.getTime() + state.clock.scaled(state.durations.postClosurePeriodMs)
    earliest = earliest === undefined ? at : Math.min(earliest, at)
  }
  return earliest === undefined ? undefined : new Date(earliest)
}
