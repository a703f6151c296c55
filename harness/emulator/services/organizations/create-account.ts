/**
 * CreateAccount is asynchronous: the request is recorded IN_PROGRESS with its outcome decided up
 * front (quota, duplicate email, injected failure) and completes on the simulated clock.
 */
import { newAccountId, newLowerId } from '../../core/ids.js'
import {
  type CreateAccountRequestRecord,
  type EmulatorState,
  MANAGEMENT_ACCOUNT_ID,
  type OrganizationRecord,
} from '../../core/state.js'
import type { OperationDefinition, RequestContext } from '../../core/types.js'
import { ruleFires, ruleMatches } from '../../faults/selection.js'
import { constraintViolation, createAccountStatusNotFound, invalidInput } from './errors.js'
import { managementOrganization } from './guards.js'
import { optionalField, paginateOrg, requiredField } from './input.js'
import { isInProgress } from './settle.js'
import { readOrgTags, tagContext, tagOnCreateChecks } from './tags.js'
import { createAccountStatusToWire } from './wire.js'

export const MAX_CONCURRENT_CREATIONS = 5
export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole'

/**
 * A FailureReason forced by a fault rule (`{ service: 'organizations', operation: 'CreateAccount',
 * failureReason, count?, rate? }`), selected and counted by the faults module's own rules.
 */
export function forcedCreateAccountFailure(
  state: EmulatorState,
  accountId = MANAGEMENT_ACCOUNT_ID,
): string | undefined {
  const call = {
    service: 'organizations',
    iamPrefix: 'organizations',
    operation: 'CreateAccount',
    region: 'us-east-1',
    accountId,
  }
  for (const [position, rule] of state.faults.entries()) {
    if (rule.fault !== undefined && rule.fault !== 'create-account-failure') continue
    if (typeof rule.failureReason !== 'string') continue
    if (ruleMatches(rule, call) && ruleFires(state, rule, position, state.seed)) return rule.failureReason
  }
  return undefined
}

const inProgress = (org: OrganizationRecord, now: Date) =>
  [...org.createAccountRequests.values()].filter((request) => isInProgress(request, now))

/** Decided when the request is made, as AWS validates before starting the work. */
function decideOutcome(
  state: EmulatorState,
  org: OrganizationRecord,
  email: string,
): CreateAccountRequestRecord['outcome'] {
  const forced = forcedCreateAccountFailure(state, org.masterAccountId)
  if (forced) return { state: 'FAILED', failureReason: forced }
  const now = state.clock.now()
  const pending = inProgress(org, now).filter((request) => request.outcome.state === 'SUCCEEDED')
  const lower = email.toLowerCase()
  const emailTaken =
    [...state.accounts.values()].some((account) => account.email.toLowerCase() === lower) ||
    pending.some((request) => request.email.toLowerCase() === lower)
  if (emailTaken) return { state: 'FAILED', failureReason: 'EMAIL_ALREADY_EXISTS' }
  // Closed (SUSPENDED / PENDING_CLOSURE) accounts stay in state.accounts and keep counting.
  if (state.accounts.size + pending.length >= org.maxAccounts)
    return { state: 'FAILED', failureReason: 'ACCOUNT_LIMIT_EXCEEDED' }
  return { state: 'SUCCEEDED', accountId: unusedAccountId(state, org) }
}

function unusedAccountId(state: EmulatorState, org: OrganizationRecord): string {
  const reserved = new Set(
    [...org.createAccountRequests.values()].flatMap((r) =>
      r.outcome.state === 'SUCCEEDED' ? [r.outcome.accountId] : [],
    ),
  )
  for (;;) {
    const id = newAccountId()
    if (!state.accounts.has(id) && !reserved.has(id)) return id
  }
}

function readCreateAccountInput(ctx: RequestContext) {
  const email = requiredField(ctx.params, 'Email', { min: 6, max: 64, pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ })
  const accountName = requiredField(ctx.params, 'AccountName', { min: 1, max: 50, pattern: /^[\u0020-\u007E]+$/ })
  const roleName =
    optionalField(ctx.params, 'RoleName', {
      max: 64,
      pattern: /^[\w+=,.@-]{1,64}$/,
      patternReason: 'INVALID_ROLE_NAME',
    }) ?? DEFAULT_ROLE_NAME
  const billing = optionalField(ctx.params, 'IamUserAccessToBilling')
  if (billing !== undefined && billing !== 'ALLOW' && billing !== 'DENY')
    throw invalidInput('INVALID_ENUM', 'You specified an invalid value for IamUserAccessToBilling.')
  return { email, accountName, roleName, tags: readOrgTags(ctx.params) }
}

const createAccount: OperationDefinition = {
  authorize(ctx) {
    const tags = readOrgTags(ctx.params)
    const org = ctx.state.organization
    const newAccountArn = org ? `arn:aws:organizations::${org.masterAccountId}:account/${org.id}/*` : '*'
    return [
      { action: 'organizations:CreateAccount', resource: '*', context: tagContext(tags), reason: 'primary' },
      ...tagOnCreateChecks(tags, newAccountArn),
    ]
  },
  readOnly: false,
  handler(ctx) {
    const org = managementOrganization(ctx)
    const input = readCreateAccountInput(ctx)
    const now = ctx.state.clock.now()
    if (inProgress(org, now).length >= MAX_CONCURRENT_CREATIONS)
      throw constraintViolation(
        'ACCOUNT_CREATION_RATE_LIMIT_EXCEEDED',
        'You have exceeded the number of accounts that can be in progress at a time.',
      )
    const request: CreateAccountRequestRecord = {
      id: newLowerId('car-', 32),
      accountName: input.accountName,
      email: input.email,
      roleName: input.roleName,
      tags: input.tags,
      requestedAt: now,
      completesAt: ctx.state.clock.after(ctx.state.durations.createAccountMs),
      outcome: decideOutcome(ctx.state, org, input.email),
    }
    org.createAccountRequests.set(request.id, request)
    return { CreateAccountStatus: createAccountStatusToWire(request, now) }
  },
}

const describeCreateAccountStatus: OperationDefinition = {
  authorize: () => [{ action: 'organizations:DescribeCreateAccountStatus', resource: '*', reason: 'primary' }],
  handler(ctx) {
    const org = managementOrganization(ctx)
    const id = requiredField(ctx.params, 'CreateAccountRequestId', { max: 36, pattern: /^car-[a-z0-9]{8,32}$/ })
    const request = org.createAccountRequests.get(id)
    if (!request) throw createAccountStatusNotFound()
    return { CreateAccountStatus: createAccountStatusToWire(request, ctx.state.clock.now()) }
  },
}

const listCreateAccountStatus: OperationDefinition = {
  authorize: () => [{ action: 'organizations:ListCreateAccountStatus', resource: '*', reason: 'primary' }],
  handler(ctx) {
    const org = managementOrganization(ctx)
    const now = ctx.state.clock.now()
    const states = ctx.params.States
    if (states !== undefined && !Array.isArray(states))
      throw invalidInput('INVALID_INPUT', 'Invalid type for parameter States.')
    const wanted = new Set<string>((states ?? []).map(String))
    for (const s of wanted)
      if (!['IN_PROGRESS', 'SUCCEEDED', 'FAILED'].includes(s))
        throw invalidInput('INVALID_ENUM', 'You specified an invalid value for States.')
    const statuses = [...org.createAccountRequests.values()]
      .map((request) => createAccountStatusToWire(request, now))
      .filter((status) => wanted.size === 0 || wanted.has(String(status.State)))
    const { page, NextToken } = paginateOrg(statuses, ctx.params)
    return { CreateAccountStatuses: page, ...(NextToken ? { NextToken } : {}) }
  },
}

export const createAccountOperations: Record<string, OperationDefinition> = {
  CreateAccount: createAccount,
  DescribeCreateAccountStatus: describeCreateAccountStatus,
  ListCreateAccountStatus: listCreateAccountStatus,
}
