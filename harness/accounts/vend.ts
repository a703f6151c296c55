/**
 * Vending a brand-new member account: CreateAccount, poll DescribeCreateAccountStatus with backoff
 * until it SUCCEEDED or FAILED (AWS: minutes; allow 20), then move it to the configured OU.
 */
import {
  CreateAccountCommand,
  type CreateAccountStatus,
  DescribeCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations'
import { awsErrorName, describeAwsError, reasonOf, safeCause } from '../credentials/aws-error.js'
import { backoffFor, NotReadyError, RetryTimeoutError, retryReason, withRetry } from '../credentials/retry.js'
import { HarnessError, isHarnessError } from '../errors.js'
import {
  explainConstraintViolation,
  explainCreateAccountFailure,
  RETRYABLE_CONSTRAINT_REASONS,
} from './failure-reasons.js'
import { accountIdentity } from './naming.js'
import type { AccountNaming, AwsTarget, ProgressListener, VendedAccount } from './types.js'

export interface VendOptions {
  runId: string
  onProgress?: ProgressListener
  signal?: AbortSignal
  /** How long to wait for the account; default 20 min. */
  timeoutMs?: number
}

/** ACCOUNT_VENDING_FAILED; `accountId` is set when the account exists anyway (so it can be recorded or closed). */
export class AccountVendingError extends HarnessError {
  constructor(message: string, options: { cause?: unknown; accountId?: string } = {}) {
    super('ACCOUNT_VENDING_FAILED', message, { cause: options.cause })
    this.accountId = options.accountId
  }
  readonly accountId: string | undefined
}

export async function vendAccount(
  target: AwsTarget,
  naming: AccountNaming,
  options: VendOptions,
): Promise<VendedAccount> {
  const { email, accountName } = accountIdentity(naming, options.runId)
  const org = new OrganizationsClient({
    region: target.homeRegion,
    endpoint: target.endpoint,
    credentials: target.managementCredentials,
  })
  try {
    const requestId = await requestAccount(org, target, { email, accountName, tags: naming.tags }, options)
    options.onProgress?.({ type: 'account-requested', requestId })
    const startedAt = Date.now()
    const status = await waitForAccount(org, target, requestId, email, options)
    const accountId = status.AccountId ?? ''
    options.onProgress?.({ type: 'account-ready', accountId, waitedMs: Date.now() - startedAt })
    if (naming.organizationalUnitId) await moveToOu(org, target, accountId, naming.organizationalUnitId, options)
    return { accountId, createdAt: status.CompletedTimestamp ?? new Date(), fresh: true, accountName, email }
  } finally {
    org.destroy()
  }
}

async function requestAccount(
  org: OrganizationsClient,
  target: AwsTarget,
  input: { email: string; accountName: string; tags: Record<string, string> },
  options: VendOptions,
): Promise<string> {
  const Tags = Object.entries(input.tags).map(([Key, Value]) => ({ Key, Value }))
  try {
    const output = await withRetry(
      'Organizations CreateAccount',
      () =>
        org.send(
          new CreateAccountCommand({
            Email: input.email,
            AccountName: input.accountName,
            Tags: Tags.length ? Tags : undefined,
          }),
        ),
      retryPolicy(target, 'call', options, 'Organizations CreateAccount'),
    )
    const id = output.CreateAccountStatus?.Id
    if (!id) throw new AccountVendingError('Organizations CreateAccount returned no request id')
    return id
  } catch (error) {
    throw vendingError('Organizations CreateAccount', error)
  }
}

async function waitForAccount(
  org: OrganizationsClient,
  target: AwsTarget,
  requestId: string,
  email: string,
  options: VendOptions,
): Promise<CreateAccountStatus> {
  const what = `account creation request ${requestId}`
  const policy = retryPolicy(target, 'account', options, what, ['CreateAccountStatusNotFoundException'])
  if (options.timeoutMs !== undefined) policy.backoff = { ...policy.backoff, timeoutMs: options.timeoutMs }
  try {
    return await withRetry(
      what,
      async () => {
        const output = await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: requestId }))
        const status = output.CreateAccountStatus
        if (status?.State === 'SUCCEEDED' && status.AccountId) return status
        if (status?.State === 'FAILED')
          throw new AccountVendingError(explainCreateAccountFailure(status.FailureReason, { email }))
        throw new NotReadyError(status?.State ?? 'UNKNOWN')
      },
      policy,
    )
  } catch (error) {
    if (error instanceof RetryTimeoutError) {
      throw new AccountVendingError(
        `${what} was not complete after ${Math.round(error.waitedMs / 1000)} s; it may still finish — check Organizations before retrying`,
      )
    }
    throw vendingError('Organizations DescribeCreateAccountStatus', error)
  }
}

async function moveToOu(
  org: OrganizationsClient,
  target: AwsTarget,
  accountId: string,
  ouId: string,
  options: VendOptions,
): Promise<void> {
  const policy = retryPolicy(target, 'call', options, 'Organizations MoveAccount', ['AccountNotFoundException'])
  try {
    const roots = await withRetry('Organizations ListRoots', () => org.send(new ListRootsCommand({})), policy)
    const rootId = roots.Roots?.[0]?.Id
    if (!rootId) throw new Error('ListRoots returned no root')
    await withRetry(
      'Organizations MoveAccount',
      () =>
        org.send(new MoveAccountCommand({ AccountId: accountId, SourceParentId: rootId, DestinationParentId: ouId })),
      policy,
    )
  } catch (error) {
    const reason = isHarnessError(error) ? error.message : describeAwsError('Organizations MoveAccount', error)
    throw new AccountVendingError(
      `account ${accountId} was created but could not be moved to organizational unit ${ouId}: ${reason}`,
      {
        cause: safeCause(error),
        accountId,
      },
    )
  }
}

/** Retry throttling, transient faults, busy organizations, and constraint reasons that pass with time. */
function retryPolicy(
  target: AwsTarget,
  purpose: 'call' | 'account',
  options: VendOptions,
  what: string,
  alsoRetry: string[] = [],
) {
  return {
    backoff: backoffFor(target.kind, purpose, target.timeScale),
    isRetryable: (error: unknown) =>
      !isHarnessError(error) &&
      (retryReason(error) !== undefined ||
        alsoRetry.includes(awsErrorName(error)) ||
        (awsErrorName(error) === 'ConstraintViolationException' &&
          RETRYABLE_CONSTRAINT_REASONS.has(reasonOf(error) ?? ''))),
    onRetry: (error: unknown, attempt: number) => {
      if (!(error instanceof NotReadyError))
        options.onProgress?.({ type: 'retry', what, attempt, errorName: awsErrorName(error) })
    },
    signal: options.signal,
  }
}

function vendingError(operation: string, error: unknown): HarnessError {
  if (isHarnessError(error)) return error
  if (error instanceof RetryTimeoutError)
    return new AccountVendingError(
      `${operation} kept failing for ${Math.round(error.waitedMs / 1000)} s: ${describeAwsError(operation, error.lastError)}`,
      { cause: safeCause(error.lastError) },
    )
  const name = awsErrorName(error)
  if (name === 'ConstraintViolationException') {
    return new AccountVendingError(`${operation} was refused: ${explainConstraintViolation(reasonOf(error))}`, {
      cause: safeCause(error),
    })
  }
  if (name === 'AccessDeniedException') {
    return new AccountVendingError(
      `${describeAwsError(operation, error)} — the management credentials need organizations:CreateAccount, organizations:DescribeCreateAccountStatus and organizations:TagResource (see README)`,
      { cause: safeCause(error) },
    )
  }
  if (name === 'AWSOrganizationsNotInUseException') {
    return new AccountVendingError(
      `${describeAwsError(operation, error)} — the management credentials do not belong to an AWS Organizations management account`,
      { cause: safeCause(error) },
    )
  }
  return new AccountVendingError(describeAwsError(operation, error), { cause: safeCause(error) })
}
