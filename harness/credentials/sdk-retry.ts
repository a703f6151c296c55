/**
 * The AWS SDK's own retries (standard mode: up to 3 attempts, full-jitter backoff from a 1 s base when
 * throttled, 50 ms otherwise, capped at 20 s), with their waits multiplied by the time scale of an
 * emulator target. The emulator's durations and rate-limit windows are AWS's × its time scale, so a
 * client that waited AWS's backoff against it would sit idle for what is, on its clock, many minutes.
 * Real AWS (no time scale) keeps the SDK's defaults untouched. The attempts, the retry quota and what is
 * retried are the SDK's: throttling still throttles, and a call still fails after its last attempt.
 * Every client the harness builds gets it: management (managementClientConfig), account sessions
 * (session.clientConfig, AssumeRole's STS) and the scenarios' own clients (their worker thread).
 */
import { createRequire } from 'node:module'
import type * as SmithyRetry from '@smithy/core/retry'
import type { RetryStrategyV2, StandardRetryBackoffStrategy } from '@smithy/types'
import { endpointVariantConfig } from './endpoint-variants.js'
import type { AwsTarget, ClientConfig } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing, of every module it re-exports too). Required when the first
// client is configured, not when this module loads: a scenario thread that only checks the scenario files
// before CreateAccount never needs it (about 20 ms of that thread's start-up, issue #13).
let smithy: typeof SmithyRetry | undefined
const smithyRetry = () => (smithy ??= createRequire(import.meta.url)('@smithy/core/retry') as typeof SmithyRetry)

/**
 * The SDK's backoff (DefaultRetryBackoffStrategy, which @smithy/core does not export: a random share of
 * base × 2^retry, at most 20 s), × `timeScale`. Hand-written for that reason, with the SDK's constants.
 */
export class ScaledBackoff implements StandardRetryBackoffStrategy {
  private base = smithyRetry().Retry.delay()
  constructor(
    readonly timeScale: number,
    private readonly random: () => number = Math.random,
  ) {}

  setDelayBase(delayBase: number): void {
    this.base = delayBase
  }

  computeNextBackoffDelay(retry: number): number {
    return Math.floor(
      this.random() * Math.min(this.base * 2 ** retry, smithyRetry().MAXIMUM_RETRY_DELAY) * this.timeScale,
    )
  }
}

/**
 * The SDK's standard strategy, for clients of any SDK version a user's scenarios import: an older
 * middleware-retry (e.g. @aws-sdk/client-sqs 3.600) asks for its first token with no scope, which this
 * @smithy/core reads as a string ("Cannot read properties of undefined (reading 'includes')" on every call).
 */
let AnyClientRetryStrategy: typeof SmithyRetry.StandardRetryStrategy | undefined
const anyClientRetryStrategy = () =>
  (AnyClientRetryStrategy ??= class extends smithyRetry().StandardRetryStrategy {
    override acquireInitialRetryToken(retryTokenScope: string) {
      return super.acquireInitialRetryToken(retryTokenScope ?? '')
    }
  })

/** AWS_MAX_ATTEMPTS as the SDK reads it (the harness builds the clients, so the environment is the user's only knob). */
function maxAttemptsFrom(env: NodeJS.ProcessEnv): number {
  const value = Number.parseInt(env.AWS_MAX_ATTEMPTS ?? '', 10)
  return Number.isInteger(value) && value > 0 ? value : smithyRetry().DEFAULT_MAX_ATTEMPTS
}

/**
 * Client config for a target: `{ retryStrategy }` (a new one per client, as the SDK makes: each holds its
 * own retry quota) on an emulator, nothing on real AWS. `maxAttempts` is the client's own limit where it
 * sets one (the strategy, not the client config, decides how often a call is retried).
 */
export function sdkRetryConfig(
  timeScale: number | undefined,
  options: { maxAttempts?: number; env?: NodeJS.ProcessEnv } = {},
): { retryStrategy?: RetryStrategyV2; maxAttempts?: number } {
  if (timeScale === undefined) return {}
  const maxAttempts = options.maxAttempts ?? maxAttemptsFrom(options.env ?? process.env)
  return {
    maxAttempts,
    retryStrategy: new (anyClientRetryStrategy())({ maxAttempts, backoff: new ScaledBackoff(timeScale) }),
  }
}

/** SDK client config for the management account's control planes (Organizations, Account), in the home region. */
export function managementClientConfig(
  target: Pick<AwsTarget, 'homeRegion' | 'endpoint' | 'managementCredentials' | 'timeScale'>,
  maxAttempts?: number,
): ClientConfig {
  return {
    region: target.homeRegion,
    endpoint: target.endpoint,
    credentials: target.managementCredentials,
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    ...sdkRetryConfig(target.timeScale, { maxAttempts }),
    ...endpointVariantConfig(target.endpoint),
  }
}
