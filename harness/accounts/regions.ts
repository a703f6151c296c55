/**
 * Making one region usable in the vended account: read its opt-in status with the management
 * credentials, enable it when DISABLED (waiting out DISABLING first), and poll until ENABLED.
 * The caller runs this per region concurrently, so regions that are already usable never wait.
 */

import { setTimeout as sleep } from 'node:timers/promises'
import { AccountClient, EnableRegionCommand, GetRegionOptStatusCommand } from '@aws-sdk/client-account'
import { awsErrorName, describeAwsError, safeCause } from '../credentials/aws-error.js'
import { backoffFor, NotReadyError, RetryTimeoutError, retryReason, withRetry } from '../credentials/retry.js'
import { managementClientConfig } from '../credentials/sdk-retry.js'
import { HarnessError, isHarnessError } from '../errors.js'
import type { AwsTarget, ProgressListener, RegionReadiness } from './types.js'

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
  const client = new AccountClient(managementClientConfig(target))
  const startedAt = Date.now()
  let lastStatus: string | undefined
  let enabledDuringRun = false
  const noteStatus = (status: string): string => {
    if (status !== lastStatus) options.onProgress?.({ type: 'region-status', region, status })
    lastStatus = status
    return status
  }
  const readStatus = async (): Promise<string> => {
    const output = await client.send(new GetRegionOptStatusCommand({ AccountId: accountId, RegionName: region }))
    return noteStatus((output.RegionOptStatus ?? 'UNKNOWN').toUpperCase())
  }
  try {
    const backoff = backoffFor(target.kind, 'region', target.timeScale)
    await withRetry(
      `enabling ${region} in account ${accountId}`,
      async () => {
        const status = await readStatus()
        if (USABLE.has(status)) return
        enabledDuringRun = true
        if (status === 'DISABLED') {
          await enableRateSlot(target.kind)
          await client.send(new EnableRegionCommand({ AccountId: accountId, RegionName: region }))
          noteStatus('ENABLING')
        }
        // ENABLING: AWS is at work. DISABLING: must finish before the region can be enabled again.
        throw new NotReadyError(status)
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
  const waitedMs = Date.now() - startedAt
  options.onProgress?.({ type: 'region-ready', region, enabledDuringRun, waitedMs })
  return { region, optInStatus: lastStatus ?? 'UNKNOWN', enabledDuringRun, ready: true }
}

/** EnableRegion is limited to 1 request per second per account: space this process's calls out. */
let nextEnableAt = 0
async function enableRateSlot(kind: AwsTarget['kind']): Promise<void> {
  if (kind !== 'aws') return
  const now = Date.now()
  const waitMs = Math.max(0, nextEnableAt - now)
  nextEnableAt = Math.max(now, nextEnableAt) + 1_000
  if (waitMs > 0) await sleep(waitMs)
}

function regionError(region: string, accountId: string, lastStatus: string | undefined, error: unknown): HarnessError {
  if (isHarnessError(error)) return error
  if (error instanceof RetryTimeoutError) {
    return new HarnessError(
      'REGION_ENABLE_FAILED',
      `region ${region} in account ${accountId} was still ${lastStatus ?? 'not enabled'} after ${Math.round(error.waitedMs / 1000)} s` +
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
