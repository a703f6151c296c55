/**
 * An opt-in region reported ENABLED is not necessarily serving yet: "You cannot use the Region until
 * this process is complete" (EnableRegion API reference), and in practice services answer with the
 * invalid-token error for a short while (aws-facts §2, §11). This waits until the region's own STS
 * accepts the account's administrator credentials, so no scenario step runs into a half-ready region.
 */
import { createRequire } from 'node:module'
import type * as SdkSts from '@aws-sdk/client-sts'
import { awsErrorName } from './aws-error.js'
import { type Backoff, backoffFor, expectedWaitBackoff, type RetryReason, retryReason, withRetry } from './retry.js'
import type { AccountSession } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { GetCallerIdentityCommand, STSClient } = requireSdk('@aws-sdk/client-sts') as typeof SdkSts

/** What a region that is not serving the account yet answers (aws-facts §2). */
const NOT_SERVING_YET: Readonly<Record<string, RetryReason>> = {
  InvalidClientTokenId: 'transient',
  UnrecognizedClientException: 'transient',
  AuthFailure: 'transient',
  RegionDisabledException: 'transient',
}

export interface RegionServesOptions {
  signal?: AbortSignal
  onRetry?: (errorName: string, attempt: number) => void
  /** When this run saw the region ENABLED (Date.now()); absent for a region enabled before the run. */
  enabledAt?: number
}

export async function waitUntilRegionServes(
  session: AccountSession,
  region: string,
  options: RegionServesOptions = {},
): Promise<void> {
  const { target } = session
  const sts = new STSClient(session.clientConfig(region, session.adminCredentials(region)))
  const { backoff, firstLookAt } = settlePolls(target, options.enabledAt)
  try {
    await withRetry(`region ${region} serving the account`, () => sts.send(new GetCallerIdentityCommand({})), {
      backoff,
      firstLookAt,
      isRetryable: (error) => retryReason(error, NOT_SERVING_YET) !== undefined,
      onRetry: (error, attempt) => options.onRetry?.(awsErrorName(error), attempt),
      signal: options.signal,
    })
  } finally {
    sts.destroy()
  }
}

/**
 * On a target whose settle time is known (the emulator's time scale), a region just enabled is looked at
 * once at once, then when it should serve, then in short polls (expectedWaitBackoff); otherwise, and on
 * AWS, whose settle time varies, polls grow from short to long (backoffFor).
 */
function settlePolls(
  target: AccountSession['target'],
  enabledAt: number | undefined,
): { backoff: Backoff; firstLookAt: number } {
  const expected = expectedWaitBackoff(target, 'region-settle')
  if (enabledAt === undefined || expected.firstLookMs === 0)
    return { backoff: backoffFor(target.kind, 'region-settle', target.timeScale), firstLookAt: 0 }
  return { backoff: expected, firstLookAt: enabledAt + expected.firstLookMs }
}
