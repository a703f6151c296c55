/**
 * What happens to the account after a run: kept for the next run, or closed. CloseAccount is
 * retried with backoff on throttling, 5xx and the concurrent-close limit (3 at a time), and a close
 * counts only once DescribeAccount shows PENDING_CLOSURE or SUSPENDED (CloseAccount is asynchronous;
 * aws-facts §11). Failures are reported in the result, never thrown, because this runs during cleanup;
 * a failed close stays in the journal and ledger for the next run or sweep to retry.
 */
import { createRequire } from 'node:module'
import type * as SdkOrganizations from '@aws-sdk/client-organizations'
import { awsErrorName, describeAwsError, reasonOf } from '../credentials/aws-error.js'
import { backoffFor, NotReadyError, RetryTimeoutError, retryReason, withRetry } from '../credentials/retry.js'
import { managementClientConfig } from '../credentials/sdk-retry.js'
import { explainConstraintViolation } from './failure-reasons.js'
import type { AwsTarget, VendedAccount } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { CloseAccountCommand, DescribeAccountCommand, OrganizationsClient } = requireSdk(
  '@aws-sdk/client-organizations',
) as typeof SdkOrganizations

export type AccountStatus = 'kept' | 'closed' | 'close-failed'

export interface FinishResult {
  status: AccountStatus
  error?: string
}

/** Constraint reasons that pass with time: the concurrent-close limit. */
const RETRYABLE_CLOSE_REASONS = new Set(['CLOSE_ACCOUNT_REQUESTS_LIMIT_EXCEEDED'])
const CLOSED_STATES = new Set(['PENDING_CLOSURE', 'SUSPENDED', 'CLOSED'])

export async function finishAccount(
  target: AwsTarget,
  account: Pick<VendedAccount, 'accountId'>,
  mode: 'keep' | 'close',
  options: { signal?: AbortSignal } = {},
): Promise<FinishResult> {
  if (mode === 'keep') return { status: 'kept' }
  return closeAccount(target, account.accountId, options)
}

export async function closeAccount(
  target: AwsTarget,
  accountId: string,
  options: { signal?: AbortSignal } = {},
): Promise<FinishResult> {
  const org = new OrganizationsClient(managementClientConfig(target))
  const retry = {
    backoff: backoffFor(target.kind, 'call', target.timeScale),
    isRetryable: (error: unknown) =>
      retryReason(error) !== undefined ||
      (awsErrorName(error) === 'ConstraintViolationException' && RETRYABLE_CLOSE_REASONS.has(reasonOf(error) ?? '')),
    signal: options.signal,
  }
  try {
    await withRetry(
      `Organizations CloseAccount ${accountId}`,
      async () => {
        try {
          await org.send(new CloseAccountCommand({ AccountId: accountId }))
        } catch (error) {
          if (awsErrorName(error) !== 'AccountAlreadyClosedException') throw error
        }
      },
      retry,
    )
    await withRetry(
      `DescribeAccount ${accountId} (closing)`,
      async () => {
        const described = await org.send(new DescribeAccountCommand({ AccountId: accountId }))
        const state = described.Account?.State ?? described.Account?.Status ?? 'UNKNOWN'
        if (!CLOSED_STATES.has(state)) throw new NotReadyError(state)
      },
      retry,
    )
    return { status: 'closed' }
  } catch (error) {
    const cause = error instanceof RetryTimeoutError ? error.lastError : error
    const explanation =
      awsErrorName(cause) === 'ConstraintViolationException' ? ` — ${explainConstraintViolation(reasonOf(cause))}` : ''
    return {
      status: 'close-failed',
      error: `${describeAwsError(`Organizations CloseAccount ${accountId}`, cause)}${explanation}`,
    }
  } finally {
    org.destroy()
  }
}
