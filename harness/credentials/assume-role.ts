/**
 * Role sessions through a regional STS endpoint, cached and refreshed before they expire.
 * Expiry is judged on the target's clock (the emulator's simulated clock may start in the past or
 * jump ahead), and the provider is marked memoized so the SDK asks it on every request instead of
 * trusting its own local-clock cache.
 */
import { createRequire } from 'node:module'
import type * as SdkSts from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types'
import { formatElapsed } from '../elapsed.js'
import { HarnessError, isHarnessError } from '../errors.js'
import { registerCredentials } from '../outcomes/redact.js'
import { describeAwsError, safeCause } from './aws-error.js'
import { endpointVariantConfig } from './endpoint-variants.js'
import { PROPAGATION_ERRORS, type RetryOptions, RetryTimeoutError, retryReason, withRetry } from './retry.js'
import { sdkRetryConfig } from './sdk-retry.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { AssumeRoleCommand, STSClient } = requireSdk('@aws-sdk/client-sts') as typeof SdkSts

/** Role chaining caps sessions at one hour (aws-facts §3). */
export const CHAINED_SESSION_SECONDS = 3600
/** Refresh this long before expiry, so a call never starts with credentials about to lapse. */
export const REFRESH_BEFORE_MS = 5 * 60_000

export interface AssumeRoleSpec {
  /** The STS endpoint used is this region's (explicit; never the global endpoint). */
  region: string
  endpoint?: string
  sourceCredentials: AwsCredentialIdentityProvider
  roleArn: string
  sessionName: string
  externalId?: string
  durationSeconds?: number
  now?: () => Promise<Date>
  /** An emulator target's time scale: the STS client's SDK retries wait on it (sdk-retry.ts). */
  timeScale?: number
  /**
   * Retry AccessDenied until the first success (a role AWS has not made assumable yet, e.g.
   * OrganizationAccountAccessRole right after CreateAccount); later refreshes fail at once.
   */
  waitUntilAssumable?: Omit<RetryOptions, 'isRetryable'>
}

export interface AssumedSession {
  identity: AwsCredentialIdentity
  /** Expiry on the target's clock. */
  expiresAt: Date
  assumedRoleArn: string
}

/** One AssumeRole call; SDK errors propagate unchanged so callers can classify them. */
export async function assumeRoleOnce(spec: AssumeRoleSpec): Promise<AssumedSession> {
  const sts = new STSClient({
    region: spec.region,
    endpoint: spec.endpoint,
    credentials: spec.sourceCredentials,
    ...sdkRetryConfig(spec.timeScale),
    ...endpointVariantConfig(spec.endpoint),
  })
  try {
    const output = await sts.send(
      new AssumeRoleCommand({
        RoleArn: spec.roleArn,
        RoleSessionName: spec.sessionName,
        ExternalId: spec.externalId,
        DurationSeconds: spec.durationSeconds ?? CHAINED_SESSION_SECONDS,
      }),
    )
    const credentials = output.Credentials
    if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.Expiration) {
      throw new Error(`STS AssumeRole of ${spec.roleArn} in ${spec.region} returned no credentials`)
    }
    const identity = {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    }
    // Registered before anything else can see them: every sink redacts these values from now on.
    registerCredentials(identity)
    return {
      identity,
      expiresAt: credentials.Expiration,
      assumedRoleArn: output.AssumedRoleUser?.Arn ?? spec.roleArn,
    }
  } finally {
    sts.destroy()
  }
}

/** A provider that assumes on first use and again whenever the session is within 5 min of expiry. */
export function createAssumeRoleProvider(spec: AssumeRoleSpec): AwsCredentialIdentityProvider {
  const now = spec.now ?? (async () => new Date())
  let current: AssumedSession | undefined
  let pending: Promise<AssumedSession> | undefined

  let everAssumed = false
  const assume = (): Promise<AssumedSession> => {
    if (everAssumed || !spec.waitUntilAssumable) return assumeRoleOnce(spec)
    return withRetry(`AssumeRole ${spec.roleArn} (new account initialising)`, () => assumeRoleOnce(spec), {
      ...spec.waitUntilAssumable,
      isRetryable: (error) => retryReason(error, PROPAGATION_ERRORS) !== undefined,
    })
  }

  const refresh = (): Promise<AssumedSession> => {
    pending ??= assume()
      .then((session) => {
        everAssumed = true
        return session
      })
      .catch((error: unknown) => {
        if (isHarnessError(error)) throw error
        if (error instanceof RetryTimeoutError)
          throw new HarnessError(
            'ROLE_BOOTSTRAP_FAILED',
            `${spec.roleArn} could still not be assumed after ${formatElapsed(error.waitedMs)} (${describeAwsError('STS AssumeRole', error.lastError)})`,
            { cause: safeCause(error.lastError) },
          )
        throw new HarnessError(
          'ROLE_BOOTSTRAP_FAILED',
          `${describeAwsError(`STS AssumeRole of ${spec.roleArn} in ${spec.region}`, error)}`,
          { cause: safeCause(error) },
        )
      })
      .finally(() => {
        pending = undefined
      })
    return pending
  }

  const provider = async (): Promise<AwsCredentialIdentity> => {
    const targetNow = (await now()).getTime()
    if (!current || current.expiresAt.getTime() - targetNow <= REFRESH_BEFORE_MS) current = await refresh()
    // Report expiry on the local clock, so any local-clock check agrees with the target's.
    const remainingMs = current.expiresAt.getTime() - targetNow
    return { ...current.identity, expiration: new Date(Date.now() + Math.max(remainingMs, 0)) }
  }
  return Object.assign(provider, { memoized: true })
}

/** RoleSessionName allows 2–64 of [\w+=,.@-]. */
export function sessionNameFor(prefix: string, id: string): string {
  const name = `${prefix}-${id}`.replace(/[^\w+=,.@-]/g, '-').slice(0, 64)
  return name.length >= 2 ? name : `${name}--`
}
