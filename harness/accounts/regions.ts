/**
 * Making one region usable in the vended account: read its opt-in status with the management
 * credentials, enable it when DISABLED (waiting out DISABLING first), and poll until ENABLED. A region
 * AWS enables by default is usable as it is.
 * The caller runs this per region concurrently, so regions that are already usable never wait.
 */

import { createRequire } from 'node:module'
import { setTimeout as sleep } from 'node:timers/promises'
import type * as SdkAccount from '@aws-sdk/client-account'
import { awsErrorName, describeAwsError, safeCause } from '../credentials/aws-error.js'
import {
  type Backoff,
  expectedWaitBackoff,
  NotReadyError,
  RetryTimeoutError,
  retryReason,
  withRetry,
} from '../credentials/retry.js'
import { managementClientConfig } from '../credentials/sdk-retry.js'
import { formatElapsed } from '../elapsed.js'
import { isEnabledByDefault } from '../emulator/core/regions.js'
import { HarnessError, isHarnessError } from '../errors.js'
import type { AwsTarget, ProgressListener, RegionReadiness } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing, of every module it re-exports too).
const requireSdk = createRequire(import.meta.url)
// Loaded at first use, once CreateAccount is sent (runtime/execute.ts loadAccountSdk), not at start-up.
const accountSdk = () => requireSdk('@aws-sdk/client-account') as typeof SdkAccount

export interface RegionOptions {
  onProgress?: ProgressListener
  signal?: AbortSignal
  /** How long to wait for ENABLED; default 3 h on AWS ("can take several hours"). */
  timeoutMs?: number
}

const USABLE = new Set(['ENABLED', 'ENABLED_BY_DEFAULT'])

export async function ensureRegion(
  target: AwsTarget,
  accountId: string,
  region: string,
  options: RegionOptions = {},
): Promise<RegionReadiness> {
  const startedAt = Date.now()
  // Regions AWS enables by default cannot be disabled ("Regions introduced before March 20, 2019 are
  // enabled by default and can't be disabled": Account Management reference, Enable or disable Regions).
  // Their status is not read: GetRegionOptStatus allows 5 requests/s per account, and `--region all`
  // lists 17 of them ahead of the opt-in regions, whose reads would wait 3.4 s behind them on AWS.
  if (isEnabledByDefault(region)) {
    options.onProgress?.({ type: 'region-status', region, status: 'ENABLED_BY_DEFAULT' })
    options.onProgress?.({ type: 'region-ready', region, enabledDuringRun: false, waitedMs: Date.now() - startedAt })
    return { region, optInStatus: 'ENABLED_BY_DEFAULT', enabledDuringRun: false, ready: true }
  }
  const { AccountClient, EnableRegionCommand, GetRegionOptStatusCommand } = accountSdk()
  const client = new AccountClient(managementClientConfig(target))
  let lastStatus: string | undefined
  let enabledDuringRun = false
  const noteStatus = (status: string): string => {
    if (status !== lastStatus) options.onProgress?.({ type: 'region-status', region, status })
    lastStatus = status
    return status
  }
  // When the region became ENABLED, bounded from both sides: after the last read that found it pending
  // was sent, and (on a target that states the duration) by when EnableRegion said it would be.
  let pendingSince = 0
  let expectedEnabledAt = Number.POSITIVE_INFINITY
  const readStatus = async (): Promise<string> => {
    const sentAt = Date.now()
    const output = await client.send(new GetRegionOptStatusCommand({ AccountId: accountId, RegionName: region }))
    const status = noteStatus((output.RegionOptStatus ?? 'UNKNOWN').toUpperCase())
    if (!USABLE.has(status)) pendingSince = sentAt
    return status
  }
  try {
    const backoff = enablingBackoff(target)
    await withRetry(
      `enabling ${region} in account ${accountId}`,
      async () => {
        await rateSlot(target, accountId, 'read', options.signal)
        const status = await readStatus()
        if (USABLE.has(status)) return
        enabledDuringRun = true
        if (status === 'DISABLED') {
          await enableInTurn(target, accountId, options.signal, () =>
            client.send(new EnableRegionCommand({ AccountId: accountId, RegionName: region })),
          )
          noteStatus('ENABLING')
          if (backoff.firstLookMs > 0) expectedEnabledAt = Date.now() + backoff.firstLookMs
          // Nothing to see before it can be done: the first look comes when it is expected to be, in this
          // attempt (a retry would add a poll interval to it).
          if (backoff.firstLookMs > 0) {
            await sleep(backoff.firstLookMs, undefined, { signal: options.signal })
            await rateSlot(target, accountId, 'read', options.signal)
            if (USABLE.has(await readStatus())) return
          }
        }
        // ENABLING: AWS is at work. DISABLING: must finish before the region can be enabled again.
        throw new NotReadyError(lastStatus ?? status)
      },
      {
        backoff: { ...backoff, timeoutMs: options.timeoutMs ?? backoff.timeoutMs },
        isRetryable: (error) => retryReason(error) !== undefined,
        onRetry: (error, attempt) => {
          if (!(error instanceof NotReadyError))
            options.onProgress?.({ type: 'retry', what: `region ${region}`, attempt, errorName: awsErrorName(error) })
        },
        signal: options.signal,
      },
    )
  } catch (error) {
    throw regionError(region, accountId, lastStatus, error)
  } finally {
    client.destroy()
  }
  const seenAt = Date.now()
  options.onProgress?.({ type: 'region-ready', region, enabledDuringRun, waitedMs: seenAt - startedAt })
  const optInStatus = lastStatus ?? 'UNKNOWN'
  if (!enabledDuringRun) return { region, optInStatus, enabledDuringRun, ready: true }
  const enabledAt = Math.max(pendingSince, Math.min(seenAt, expectedEnabledAt))
  return { region, optInStatus, enabledDuringRun, ready: true, enabledAt }
}

/** Opt-in polls (credentials/retry.ts): a finished region frees its opt-in slot within a few percent of the duration. */
export function enablingBackoff(target: AwsTarget): Backoff & { firstLookMs: number } {
  return expectedWaitBackoff(target, 'region')
}

/**
 * The Account Management API's per-account rates (accounts/latest/reference/quotas.html, aws-facts §11):
 * EnableRegion 1 request/s (burst 1), GetRegionOptStatus 5 requests/s. This process spaces its calls
 * per account (a second on the target's time scale) so concurrent regions are not throttled; throttling
 * from other callers is still retried.
 */
const PER_SECOND = { enable: 1, read: 5 } as const
const nextCallAt = new Map<string, number>()

const periodOf = (target: AwsTarget, call: keyof typeof PER_SECOND) =>
  (1_000 * (target.timeScale ?? 1)) / PER_SECOND[call]

/** Status reads: each takes the next free slot of the period (five a second may be in flight). */
async function rateSlot(
  target: AwsTarget,
  accountId: string,
  call: keyof typeof PER_SECOND,
  signal: AbortSignal | undefined,
): Promise<void> {
  const key = `${accountId} ${call}`
  const now = Date.now()
  const at = Math.max(now, nextCallAt.get(key) ?? 0)
  nextCallAt.set(key, at + periodOf(target, call))
  if (at > now) await sleep(at - now, undefined, { signal })
}

/** Per account, the turn the next EnableRegion waits for; removed once no call is queued. */
const lastEnable = new Map<string, Promise<void>>()
/**
 * How long a call waits for the previous one's answer at most, in periods: the SDK sets no request
 * timeout, and a stalled answer must not hold every other opt-in region of the account.
 */
const MAX_TURN_WAIT_PERIODS = 10

/**
 * EnableRegion calls one at a time, each a whole period after the previous one was answered. With a burst
 * of 1, calls sent on a schedule a period apart arrive closer than that whenever one leaves a little late
 * (signing, a busy event loop) and are throttled; one that waits for the previous answer cannot arrive
 * within its period.
 */
export async function enableInTurn<T>(
  target: AwsTarget,
  accountId: string,
  signal: AbortSignal | undefined,
  send: () => Promise<T>,
): Promise<T> {
  const periodMs = periodOf(target, 'enable')
  const previous = lastEnable.get(accountId) ?? Promise.resolve()
  let release!: () => void
  const mine = new Promise<void>((resolve) => {
    release = resolve
  })
  lastEnable.set(accountId, mine)
  const done = () => {
    release()
    if (lastEnable.get(accountId) === mine) lastEnable.delete(accountId)
  }
  try {
    await turnAfter(previous, MAX_TURN_WAIT_PERIODS * periodMs, signal)
  } catch (error) {
    // Nothing sent: the next call goes when this one would have.
    void previous.then(done)
    throw error
  }
  try {
    return await send()
  } finally {
    setTimeout(done, periodMs)
  }
}

/** Resolves when `previous` does or after `capMs`, whichever is first; rejects when `signal` aborts. */
async function turnAfter(previous: Promise<void>, capMs: number, signal: AbortSignal | undefined): Promise<void> {
  const waited = new AbortController()
  const cap = sleep(capMs, undefined, { signal: signal ? AbortSignal.any([signal, waited.signal]) : waited.signal })
  cap.catch(() => undefined)
  try {
    await Promise.race([previous, cap])
  } finally {
    waited.abort()
  }
  signal?.throwIfAborted()
}

function regionError(region: string, accountId: string, lastStatus: string | undefined, error: unknown): HarnessError {
  if (isHarnessError(error)) return error
  if (error instanceof RetryTimeoutError) {
    return new HarnessError(
      'REGION_ENABLE_FAILED',
      `region ${region} in account ${accountId} was still ${lastStatus ?? 'not enabled'} after ${formatElapsed(error.waitedMs)}` +
        (error.lastError instanceof NotReadyError ? '' : ` (${describeAwsError('Account API', error.lastError)})`),
      { cause: safeCause(error.lastError) },
    )
  }
  const hint =
    awsErrorName(error) === 'AccessDeniedException'
      ? ' — the management credentials need account:GetRegionOptStatus and account:EnableRegion, and the organization needs trusted access for account.amazonaws.com'
      : ''
  return new HarnessError(
    'REGION_ENABLE_FAILED',
    `region ${region} in account ${accountId}: ${describeAwsError('Account API', error)}${hint}`,
    { cause: safeCause(error) },
  )
}
