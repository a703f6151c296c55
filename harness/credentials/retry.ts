/**
 * The one map of errors worth retrying during provisioning, and the p-retry wrapper that uses it.
 * Sources: aws-facts §9 (throttling codes per service and the SDK's THROTTLING_ERROR_CODES),
 * §2 (Account API ConflictException while a region is ENABLING/DISABLING), §3 (IAM eventual
 * consistency: AccessDenied on AssumeRole of a role created moments ago).
 */
import pRetry, { AbortError } from 'p-retry'
import { HarnessError } from '../errors.js'
import { awsErrorName, httpStatusOf } from './aws-error.js'

export type RetryReason = 'throttling' | 'transient' | 'busy' | 'iam-propagation'

/** Error code → why retrying it is right. Anything absent is final. */
export const RETRYABLE_ERRORS: Readonly<Record<string, RetryReason>> = {
  // Throttling: EC2, query services (IAM/STS), JSON services, Organizations/Account, and the SDK's list.
  RequestLimitExceeded: 'throttling',
  Throttling: 'throttling',
  ThrottlingException: 'throttling',
  TooManyRequestsException: 'throttling',
  BandwidthLimitExceeded: 'throttling',
  EC2ThrottledException: 'throttling',
  LimitExceededException: 'throttling',
  PriorRequestNotComplete: 'throttling',
  ProvisionedThroughputExceededException: 'throttling',
  RequestThrottled: 'throttling',
  RequestThrottledException: 'throttling',
  SlowDown: 'throttling',
  ThrottledException: 'throttling',
  TransactionInProgressException: 'throttling',
  // Transient faults and dropped connections.
  TimeoutError: 'transient',
  RequestTimeout: 'transient',
  RequestTimeoutException: 'transient',
  ServiceException: 'transient',
  ServiceUnavailable: 'transient',
  ServiceUnavailableException: 'transient',
  InternalFailure: 'transient',
  InternalServerException: 'transient',
  InternalError: 'transient',
  ECONNRESET: 'transient',
  ECONNREFUSED: 'transient',
  EPIPE: 'transient',
  ETIMEDOUT: 'transient',
  // The resource is busy with another change: wait and try again.
  ConcurrentModificationException: 'busy',
  ConflictException: 'busy',
  FinalizingOrganizationException: 'busy',
}

/** Only for AssumeRole of a role this run just created or changed: IAM has not propagated it yet. */
export const PROPAGATION_ERRORS: Readonly<Record<string, RetryReason>> = {
  AccessDenied: 'iam-propagation',
  AccessDeniedException: 'iam-propagation',
}

/** Why `error` is retryable, or undefined when it is final. */
export function retryReason(
  error: unknown,
  extra: Readonly<Record<string, RetryReason>> = {},
): RetryReason | undefined {
  const name = awsErrorName(error)
  const known = extra[name] ?? RETRYABLE_ERRORS[name]
  if (known) return known
  const status = httpStatusOf(error)
  if (status === 429) return 'throttling'
  if (status !== undefined && status >= 500) return 'transient'
  return undefined
}

/** How patiently to retry: real AWS waits minutes; the emulator is time-scaled and answers fast. */
export interface Backoff {
  minTimeoutMs: number
  maxTimeoutMs: number
  factor: number
  /** Give up after this long (real time). */
  timeoutMs: number
}

export type BackoffPurpose = 'call' | 'account' | 'region' | 'propagation'

const AWS_TIMEOUTS: Record<BackoffPurpose, number> = {
  call: 2 * 60_000,
  account: 20 * 60_000,
  // EnableRegion "takes a few minutes for most accounts, but it can take several hours".
  region: 3 * 60 * 60_000,
  // Terraform's IAM propagation bound.
  propagation: 2 * 60_000,
}

export function backoffFor(kind: 'local' | 'aws', purpose: BackoffPurpose): Backoff {
  if (kind === 'aws')
    return { minTimeoutMs: 2_000, maxTimeoutMs: 30_000, factor: 1.5, timeoutMs: AWS_TIMEOUTS[purpose] }
  return { minTimeoutMs: 10, maxTimeoutMs: 1_000, factor: 2, timeoutMs: AWS_TIMEOUTS[purpose] }
}

/** Thrown (and retried) by a poll whose target is not there yet. */
export class NotReadyError extends Error {
  constructor(readonly status: string) {
    super(`not ready: ${status}`)
    this.name = 'NotReadyError'
  }
}

/** Thrown when the retry window closes; `lastError` is the last attempt's failure. */
export class RetryTimeoutError extends Error {
  constructor(
    readonly what: string,
    readonly waitedMs: number,
    readonly lastError: unknown,
  ) {
    super(`${what} did not succeed within ${Math.round(waitedMs / 1000)} s`)
    this.name = 'RetryTimeoutError'
  }
}

export interface RetryOptions {
  backoff: Backoff
  /** Decides per failure; NotReadyError is always retried. */
  isRetryable: (error: unknown) => boolean
  onRetry?: (error: unknown, attempt: number) => void
  signal?: AbortSignal
}

/** Runs `attempt` until it succeeds, a failure is final, the window closes, or `signal` aborts. */
export async function withRetry<T>(what: string, attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { backoff, signal } = options
  if (signal?.aborted) throw new HarnessError('INTERRUPTED', `${what} was interrupted`, { cause: signal.reason })
  const startedAt = Date.now()
  let lastError: unknown
  let attempts = 0
  try {
    return await pRetry(
      async () => {
        // The window is checked between attempts, never before the first: a slow start must not
        // end a wait that was never tried.
        if (attempts > 0 && Date.now() - startedAt > backoff.timeoutMs) {
          throw new AbortError(new RetryTimeoutError(what, Date.now() - startedAt, lastError))
        }
        try {
          attempts += 1
          return await attempt()
        } catch (error) {
          lastError = error
          if (!(error instanceof NotReadyError) && !options.isRetryable(error)) throw new AbortError(asError(error))
          throw asError(error)
        }
      },
      {
        forever: true,
        minTimeout: backoff.minTimeoutMs,
        maxTimeout: backoff.maxTimeoutMs,
        factor: backoff.factor,
        randomize: true,
        signal,
        onFailedAttempt: (error) => options.onRetry?.(unwrap(error), error.attemptNumber),
      },
    )
  } catch (error) {
    if (signal?.aborted) throw new HarnessError('INTERRUPTED', `${what} was interrupted`, { cause: signal.reason })
    throw unwrap(error)
  }
}

/** p-retry only accepts Error instances; a thrown non-Error travels inside one and is unwrapped after. */
class ThrownValue extends Error {
  constructor(readonly value: unknown) {
    super(String(value))
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new ThrownValue(error)
}

function unwrap(error: unknown): unknown {
  return error instanceof ThrownValue ? error.value : error
}
