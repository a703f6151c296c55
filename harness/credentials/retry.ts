/**
 * The one map of errors worth retrying during provisioning, and the p-retry wrapper that uses it.
 * Sources: aws-facts §9 (throttling codes per service and the SDK's THROTTLING_ERROR_CODES),
 * §2 (Account API ConflictException while a region is ENABLING/DISABLING), §3 (IAM eventual
 * consistency: AccessDenied on AssumeRole of a role created moments ago).
 */
import { setTimeout as sleep } from 'node:timers/promises'
import pRetry, { AbortError } from 'p-retry'
import { formatElapsed } from '../elapsed.js'
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

/** A new role's not-yet-assumable answer (AccessDenied while IAM propagates): the wait's expected reply, not a fault. */
export const isPropagationWait = (error: unknown): boolean => awsErrorName(error) in PROPAGATION_ERRORS

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

export type BackoffPurpose = 'call' | 'account' | 'region' | 'region-settle' | 'propagation' | 'account-access'
/** An emulator's own durations per wait (AwsTarget.expectedMs), real-AWS ms before its time scale. */
export type ExpectedDurations = Partial<Record<BackoffPurpose, number>>

const AWS_TIMEOUTS: Record<BackoffPurpose, number> = {
  call: 2 * 60_000,
  account: 20 * 60_000,
  // EnableRegion "takes a few minutes for most accounts, but it can take several hours".
  region: 3 * 60 * 60_000,
  // After ENABLED, until the region's endpoints accept the account's credentials.
  'region-settle': 10 * 60_000,
  // Terraform's IAM propagation bound.
  propagation: 2 * 60_000,
  // OrganizationAccountAccessRole after CreateAccount SUCCEEDED: "You might need to wait a few minutes
  // before you can successfully access the account" (CreateAccount API reference, aws-facts §11);
  // practitioners report longer waits in some regions (org-formation-cli issue 192), hence 15 min.
  'account-access': 15 * 60_000,
}

/** How long each kind of wait usually takes on AWS (shared/aws-facts.md §1–§3, §11); polls are sized from it. */
export const EXPECTED_DURATION_MS: Record<BackoffPurpose, number> = {
  call: 1_000,
  account: 60_000,
  region: 5 * 60_000,
  'region-settle': 30_000,
  propagation: 10_000,
  'account-access': 2 * 60_000,
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value))

/**
 * Poll intervals sized to the operation's expected duration instead of one fixed backoff: the first
 * poll comes after ~1/20 of it and polls never grow past ~1/4 of it, so a wait overshoots its
 * operation by a few percent. On an emulator (the embedded one, or one behind a custom endpoint on
 * --target aws: `timeScale` known) durations are multiplied by its time scale; real AWS (no time scale)
 * gets floors of seconds, so polling never eats into its API rate limits.
 */
export function backoffFor(
  kind: 'local' | 'aws',
  purpose: BackoffPurpose,
  timeScale?: number,
  expectedMs?: ExpectedDurations,
): Backoff {
  const timeoutMs = AWS_TIMEOUTS[purpose]
  if (kind === 'aws' && timeScale === undefined) {
    const expected = EXPECTED_DURATION_MS[purpose]
    return { minTimeoutMs: clamp(expected / 20, 2_000, 15_000), maxTimeoutMs: 30_000, factor: 1.5, timeoutMs }
  }
  const scale = timeScale ?? 1
  // The emulator's own duration when it said (AwsTarget.expectedMs), else AWS's.
  const expected = (expectedMs?.[purpose] ?? EXPECTED_DURATION_MS[purpose]) * scale
  // The emulator's waits end on its own scale too (a stuck wait fails in seconds, not hours), with a
  // floor for a loaded machine, and never before three times what this emulator says the wait takes.
  const window = Math.max(Math.min(timeoutMs, Math.max(timeoutMs * scale, 60_000)), 3 * expected)
  return {
    minTimeoutMs: clamp(expected / 20, 5, 1_000),
    // Polls grow to a hundredth of the window: on a fast time scale a call that keeps failing for the
    // whole window (its floor is a minute of real time) is retried a few hundred times, not thousands (QA).
    maxTimeoutMs: clamp(Math.max(expected / 4, window / 100), 10, 1_000),
    factor: 1.5,
    timeoutMs: window,
  }
}

/**
 * Polls of an operation whose duration is known on the target: on one with a time scale (the emulator)
 * the first look comes when it should be done, then short polls (1/40 of it) without growth, so a wait
 * overshoots by a few percent and makes a handful of calls. Real AWS, where the duration varies
 * (account creation 1–5 min, opt-in "a few minutes … several hours"), keeps backoffFor's growing polls.
 */
export function expectedWaitBackoff(
  target: { kind: 'local' | 'aws'; timeScale?: number; expectedMs?: ExpectedDurations },
  purpose: BackoffPurpose,
): Backoff & { firstLookMs: number } {
  const backoff = backoffFor(target.kind, purpose, target.timeScale, target.expectedMs)
  if (target.kind === 'aws' && target.timeScale === undefined) return { ...backoff, firstLookMs: 0 }
  // The emulator's own duration when it said (a standalone one may be set faster or slower than AWS).
  const expectedMs = (target.expectedMs?.[purpose] ?? EXPECTED_DURATION_MS[purpose]) * (target.timeScale ?? 1)
  const pollMs = Math.min(Math.max(expectedMs / 40, 5), 1_000)
  return { ...backoff, minTimeoutMs: pollMs, maxTimeoutMs: pollMs, factor: 1, firstLookMs: expectedMs }
}

/** Cleanup calls get more patience than the SDK's 3 tries: throttling and 5xx must not leave a resource behind. */
export function cleanupBackoff(target: { kind: 'local' | 'aws'; timeScale?: number }): Backoff {
  return {
    ...backoffFor(target.kind, 'call', target.timeScale),
    timeoutMs: target.kind === 'aws' ? 5 * 60_000 : 60_000,
  }
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
    super(`${what} did not succeed within ${formatElapsed(waitedMs)}`)
    this.name = 'RetryTimeoutError'
  }
}

export interface RetryOptions {
  backoff: Backoff
  /** Decides per failure; NotReadyError is always retried. */
  isRetryable: (error: unknown) => boolean
  onRetry?: (error: unknown, attempt: number) => void
  signal?: AbortSignal
  /**
   * For a wait whose end the target states (the emulator's durations; a Date.now() time): the first
   * attempt is made at once (what is awaited may be there already: a pool account's role, a region
   * enabled before the run), and if it fails the next comes when the wait should be over, within one
   * of the backoff's short polls (expectedWaitBackoff), never past the retry window.
   */
  firstLookAt?: number
}

/** Runs `attempt` until it succeeds, a failure is final, the window closes, or `signal` aborts. */
export async function withRetry<T>(what: string, attempt: () => Promise<T>, options: RetryOptions): Promise<T> {
  const { backoff, signal } = options
  if (signal?.aborted) throw new HarnessError('INTERRUPTED', `${what} was interrupted`, { cause: signal.reason })
  const startedAt = Date.now()
  let lastError: unknown
  let attempts = 0
  let failing = 0
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
        onFailedAttempt: async (error) => {
          options.onRetry?.(unwrap(error), error.attemptNumber)
          if (error.attemptNumber === 1) await untilFirstLook(options, startedAt)
          failing = isFault(unwrap(error)) ? failing + 1 : 0
          await afterFailures(backoff, failing, signal)
        },
      },
    )
  } catch (error) {
    if (signal?.aborted) throw new HarnessError('INTERRUPTED', `${what} was interrupted`, { cause: signal.reason })
    throw unwrap(error)
  }
}

/**
 * After the first failure, sleeps until `firstLookAt` less one poll: p-retry then waits its own delay
 * (one to two polls, randomized), so the second attempt lands within a poll after `firstLookAt`.
 */
async function untilFirstLook(options: RetryOptions, startedAt: number): Promise<void> {
  const { firstLookAt, backoff, signal } = options
  if (!firstLookAt) return
  const until = Math.min(firstLookAt - backoff.minTimeoutMs, startedAt + backoff.timeoutMs)
  // An interrupt ends the sleep; p-retry then rejects with the signal, reported as INTERRUPTED.
  if (until > Date.now()) await sleep(until - Date.now(), undefined, { signal }).catch(() => undefined)
}

/**
 * The short flat polls of a wait whose end the emulator states (expectedWaitBackoff) are for "not there
 * yet" (a status still pending, a role still propagating, a region not serving yet). A call that keeps
 * failing (5xx, throttling, a dropped connection) backs off on top of them, up to a hundredth of the
 * window: at a fast time scale a region whose status reads all fail was read 4,700 times in the minute's
 * floor, at 16 s of CPU (QA). Growing backoffs (real AWS) have their own growth.
 */
async function afterFailures(backoff: Backoff, failing: number, signal: AbortSignal | undefined): Promise<void> {
  if (backoff.factor !== 1 || failing === 0) return
  const extraMs = Math.min(backoff.minTimeoutMs * (1.5 ** failing - 1), backoff.timeoutMs / 100)
  await sleep(extraMs, undefined, { signal }).catch(() => undefined)
}

const isFault = (error: unknown): boolean => {
  const reason = retryReason(error)
  return reason === 'throttling' || reason === 'transient'
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
