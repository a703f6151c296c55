/**
 * Vending a brand-new member account: CreateAccount (tagged harness:managed and the run id; never
 * resent blindly: after an answer that never arrived, ListCreateAccountStatus finds the request by
 * its unique name first), poll DescribeCreateAccountStatus with backoff until it SUCCEEDED or FAILED
 * (AWS: minutes; allow 20), then move it to the configured OU. Each fact is journaled as it happens.
 */
import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import type * as SdkOrganizations from '@aws-sdk/client-organizations'
import type { CreateAccountStatus } from '@aws-sdk/client-organizations'
import { awsErrorName, describeAwsError, httpStatusOf, reasonOf, safeCause } from '../credentials/aws-error.js'
import {
  backoffFor,
  expectedWaitBackoff,
  NotReadyError,
  RetryTimeoutError,
  retryReason,
  withRetry,
} from '../credentials/retry.js'
import { managementClientConfig } from '../credentials/sdk-retry.js'
import { formatElapsed } from '../elapsed.js'
import { HarnessError, isHarnessError } from '../errors.js'
import type { JournalEntry } from '../journal/types.js'
import {
  explainConstraintViolation,
  explainCreateAccountFailure,
  RETRYABLE_CONSTRAINT_REASONS,
} from './failure-reasons.js'
import { accountIdentity } from './naming.js'
import type { AccountNaming, AwsTarget, ProgressListener, VendedAccount } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const {
  CreateAccountCommand,
  DescribeCreateAccountStatusCommand,
  ListCreateAccountStatusCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} = requireSdk('@aws-sdk/client-organizations') as typeof SdkOrganizations
type OrganizationsClient = SdkOrganizations.OrganizationsClient

export interface VendOptions {
  runId: string
  /** Tells apart several accounts vended by one run (the pool): part of the e-mail and name. */
  accountTag?: string
  onProgress?: ProgressListener
  signal?: AbortSignal
  /** How long to wait for the account; default 20 min. */
  timeoutMs?: number
  /** Records each fact durably before vending goes on (the run journal). */
  journal?: (entry: JournalEntry) => Promise<void>
  /** What the run will do with the account, tagged on it: a sweep closes a lost run's `close` account. */
  afterRun?: 'keep' | 'close'
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
  const { email, accountName } = accountIdentity(naming, options.runId, options.accountTag)
  const org = new OrganizationsClient(managementClientConfig(target))
  try {
    const { requestId, sentAt } = await requestAccount(org, target, { email, accountName, tags: naming.tags }, options)
    options.onProgress?.({ type: 'account-requested', requestId })
    const startedAt = Date.now()
    const status = await waitForAccount(org, target, { requestId, sentAt }, email, options)
    const seenReadyAt = Date.now()
    const accountId = status.AccountId ?? ''
    await options.journal?.({ type: 'account-created', accountId })
    options.onProgress?.({ type: 'account-ready', accountId, waitedMs: Date.now() - startedAt })
    if (naming.organizationalUnitId) await moveToOu(org, target, accountId, naming.organizationalUnitId, options)
    const createdAt = status.CompletedTimestamp ?? new Date()
    return { accountId, createdAt, fresh: true, accountName, email, seenReadyAt }
  } finally {
    org.destroy()
  }
}

/** Tags every vended account carries, so `harness sweep` can tell harness's accounts from all others. */
export const MANAGED_ACCOUNT_TAG = 'harness:managed'
export const RUN_ID_TAG = 'harness:run-id'
/** `keep` or `close`: found in the organization alone (its run's journal lost), a `close` account is closed. */
export const AFTER_RUN_TAG = 'harness:after-run'

async function requestAccount(
  org: OrganizationsClient,
  target: AwsTarget,
  input: { email: string; accountName: string; tags: Record<string, string> },
  options: VendOptions,
): Promise<{ requestId: string; sentAt: number }> {
  const afterRun = options.afterRun ? { [AFTER_RUN_TAG]: options.afterRun } : {}
  const tags = { ...input.tags, [MANAGED_ACCOUNT_TAG]: 'true', [RUN_ID_TAG]: options.runId, ...afterRun }
  const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))
  // CreateAccount has no client token: the SDK must not resend it on its own (aws-facts §11).
  const once = new OrganizationsClient(managementClientConfig(target, 1))
  await options.journal?.({ type: 'account-requested', accountName: input.accountName, email: input.email })
  let ambiguous = false
  let sentAt = Date.now()
  try {
    const id = await withRetry(
      'Organizations CreateAccount',
      async () => {
        // The last attempt may have created the request although its answer never arrived.
        if (ambiguous) {
          const found = await findRequestByName(org, input.accountName)
          if (found) return found
        }
        try {
          sentAt = Date.now()
          const output = await once.send(
            new CreateAccountCommand({ Email: input.email, AccountName: input.accountName, Tags }),
          )
          const requestId = output.CreateAccountStatus?.Id
          if (!requestId) throw new AccountVendingError('Organizations CreateAccount returned no request id')
          return requestId
        } catch (error) {
          ambiguous = isAmbiguous(error)
          throw error
        }
      },
      retryPolicy(target, 'call', options, 'Organizations CreateAccount'),
    )
    await options.journal?.({ type: 'account-request-id', requestId: id })
    return { requestId: id, sentAt }
  } catch (error) {
    throw vendingError('Organizations CreateAccount', error)
  } finally {
    once.destroy()
  }
}

/** A failure after which AWS may have acted: no HTTP answer at all, or a 5xx. Throttling and 4xx are refusals. */
function isAmbiguous(error: unknown): boolean {
  const status = httpStatusOf(error)
  return status === undefined ? !isHarnessError(error) : status >= 500
}

/** The in-flight or finished request for this account name (names carry the run id, so they are unique). */
export async function findRequestByName(org: OrganizationsClient, accountName: string): Promise<string | undefined> {
  let NextToken: string | undefined
  do {
    const page = await org.send(new ListCreateAccountStatusCommand({ States: ['IN_PROGRESS', 'SUCCEEDED'], NextToken }))
    const match = page.CreateAccountStatuses?.find((status) => status.AccountName === accountName)
    if (match?.Id) return match.Id
    NextToken = page.NextToken
  } while (NextToken)
  return undefined
}

async function waitForAccount(
  org: OrganizationsClient,
  target: AwsTarget,
  request: { requestId: string; sentAt: number },
  email: string,
  options: VendOptions,
): Promise<CreateAccountStatus> {
  const { requestId } = request
  const what = `account creation request ${requestId}`
  const policy = retryPolicy(target, 'account', options, what, ['CreateAccountStatusNotFoundException'])
  // On the emulator the creation's duration is known: nothing to see before it can be done. Counted from
  // when CreateAccount was sent: its answer and the journal's write may come late on a busy event loop.
  const { firstLookMs, ...polls } = expectedWaitBackoff(target, 'account')
  policy.backoff = { ...polls, timeoutMs: options.timeoutMs ?? polls.timeoutMs }
  try {
    // Never past the wait's own limit. An interrupt ends the sleep; withRetry then reports it as INTERRUPTED.
    const sleepMs = Math.min(firstLookMs - (Date.now() - request.sentAt), policy.backoff.timeoutMs)
    if (sleepMs > 0) await sleep(sleepMs, undefined, { signal: options.signal }).catch(() => undefined)
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
        `${what} was not complete after ${formatElapsed(error.waitedMs)}; it may still finish — check Organizations before retrying`,
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
      `${operation} kept failing for ${formatElapsed(error.waitedMs)}: ${describeAwsError(operation, error.lastError)}`,
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
