/**
 * Management-account credentials: static test/test on the emulator; on AWS a profile, a role to
 * assume, or the standard credential chain. Either way they are proven usable with
 * GetCallerIdentity before any provisioning starts, so a bad setup fails early and clearly.
 */
import { createRequire } from 'node:module'
import type * as SdkSts from '@aws-sdk/client-sts'
import type * as SdkCredentialProviders from '@aws-sdk/credential-providers'
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { inProcessClock, inProcessConfig } from '../emulator/in-process.js'
import { HarnessError } from '../errors.js'
import { registerCredentials } from '../outcomes/redact.js'
import { awsErrorMessage, awsErrorName, gotNoAnswer, isCredentialProviderError, safeCause } from './aws-error.js'
import { usesStaticEnvironmentCredentials } from './deadline.js'
import { endpointVariantConfig } from './endpoint-variants.js'
import type { BackoffPurpose, ExpectedDurations } from './retry.js'
import type { AwsTarget } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { GetCallerIdentityCommand, STSClient } = requireSdk('@aws-sdk/client-sts') as typeof SdkSts
const { fromIni, fromNodeProviderChain, fromTemporaryCredentials } = requireSdk(
  '@aws-sdk/credential-providers',
) as typeof SdkCredentialProviders

export const DEFAULT_HOME_REGION = 'us-east-1'
/** The emulator's documented administrator keys (not secrets). */
export const EMULATOR_ACCESS_KEY = 'test'

export interface TargetOptions {
  kind: 'local' | 'aws'
  endpoint?: string
  globalStsEndpoint?: string
  profile?: string
  roleArn?: string
  homeRegion?: string
  /** The emulator's time scale, so polls are sized to its durations. */
  timeScale?: number
}

export async function resolveTarget(options: TargetOptions): Promise<AwsTarget> {
  const homeRegion = options.homeRegion ?? DEFAULT_HOME_REGION
  const target = options.kind === 'local' ? createLocalTarget(options, homeRegion) : awsTarget(options, homeRegion)
  const emulatorEndpoint = options.kind === 'aws' ? process.env.AWS_ENDPOINT_URL : options.endpoint
  const [identity, timeScale, expectedMs] = await Promise.all([
    verifyCredentials(target, options),
    options.kind === 'aws' ? emulatorTimeScaleBehind(process.env.AWS_ENDPOINT_URL) : target.timeScale,
    emulatorDurationsBehind(emulatorEndpoint),
  ])
  return {
    ...target,
    managementIdentity: identity,
    ...(timeScale === undefined ? {} : { timeScale }),
    ...(expectedMs ? { expectedMs } : {}),
  }
}

/** The emulator target without the GetCallerIdentity check (resolveTarget adds it). */
export function createLocalTarget(
  options: Pick<TargetOptions, 'endpoint' | 'globalStsEndpoint' | 'timeScale'>,
  homeRegion = DEFAULT_HOME_REGION,
): AwsTarget {
  const { endpoint } = options
  if (!endpoint) throw new HarnessError('USAGE', 'the local target needs the emulator endpoint')
  const credentials = async () => ({ accessKeyId: EMULATOR_ACCESS_KEY, secretAccessKey: EMULATOR_ACCESS_KEY })
  return {
    kind: 'local',
    endpoint,
    globalStsEndpoint: options.globalStsEndpoint ?? `${endpoint.replace(/\/$/, '')}/global-sts`,
    managementCredentials: credentials,
    homeRegion,
    now: emulatorClock(endpoint),
    timeScale: options.timeScale,
  }
}

function awsTarget(options: TargetOptions, homeRegion: string): AwsTarget {
  return {
    kind: 'aws',
    managementCredentials: awsCredentials(options, homeRegion),
    homeRegion,
    credentialsRefreshable: !usesStaticEnvironmentCredentials(process.env, options),
  }
}

function awsCredentials(options: TargetOptions, homeRegion: string): AwsCredentialIdentityProvider {
  return registeringProvider(chainFor(options, homeRegion))
}

/** Management credentials are registered with the redactor each time the chain resolves them. */
function registeringProvider(inner: AwsCredentialIdentityProvider): AwsCredentialIdentityProvider {
  return async (options) => {
    const identity = await inner(options)
    registerCredentials(identity)
    return identity
  }
}

function chainFor(options: TargetOptions, homeRegion: string): AwsCredentialIdentityProvider {
  // The chain's own credentials (used to assume the management role) are registered too.
  const base = registeringProvider(options.profile ? fromIni({ profile: options.profile }) : fromNodeProviderChain())
  if (!options.roleArn) return base
  return fromTemporaryCredentials({
    masterCredentials: base,
    params: { RoleArn: options.roleArn, RoleSessionName: 'harness-management', DurationSeconds: 3600 },
    // Always name the region: inner STS clients otherwise default to us-east-1 (aws-sdk-js-v3#5105).
    clientConfig: { region: homeRegion },
  })
}

/** Where the credentials were meant to come from, for error messages (never their values). */
function sourceOf(options: TargetOptions): string {
  if (options.kind === 'local') return 'the embedded emulator (test/test)'
  const base = options.profile ? `profile "${options.profile}"` : 'the default credential chain'
  return options.roleArn ? `role ${options.roleArn} assumed with ${base}` : base
}

async function verifyCredentials(
  target: AwsTarget,
  options: TargetOptions,
): Promise<{ accountId: string; arn: string }> {
  const sts = new STSClient({
    region: target.homeRegion,
    endpoint: target.endpoint,
    credentials: target.managementCredentials,
    maxAttempts: 2,
    ...endpointVariantConfig(target.endpoint),
  })
  try {
    const identity = await sts.send(new GetCallerIdentityCommand({}))
    return { accountId: identity.Account ?? '', arn: identity.Arn ?? '' }
  } catch (error) {
    const detail = `${awsErrorName(error)}: ${awsErrorMessage(error)}`
    if (target.kind === 'local') {
      throw new HarnessError(
        'EMULATOR_FAILED',
        `the emulator at ${target.endpoint} did not answer STS GetCallerIdentity (${detail})`,
        { cause: safeCause(error) },
      )
    }
    // No answer at all says nothing about the credentials: the network or the endpoint is at fault.
    if (gotNoAnswer(error))
      throw new HarnessError(
        'AWS_UNREACHABLE',
        isCredentialProviderError(error)
          ? `--target aws could not reach the credential source of ${sourceOf(options)} (${detail}). Check the network.`
          : `--target aws could not reach STS ${stsEndpointOf(target)} to check the management credentials ` +
              `(${detail}). Check the network and, if set, AWS_ENDPOINT_URL.`,
        { cause: safeCause(error) },
      )
    throw new HarnessError(
      'CREDENTIALS_UNAVAILABLE',
      `--target aws needs usable management-account credentials, but ${sourceOf(options)} gave none that work ` +
        `(STS GetCallerIdentity: ${detail}). Set a profile or a role to assume in harness.config.ts, ` +
        'or provide credentials through the standard AWS chain (environment, ~/.aws, SSO, instance role).',
      { cause: safeCause(error) },
    )
  } finally {
    sts.destroy()
  }
}

/** Where the SDK sent STS requests: a custom endpoint from the environment, else AWS's in the home region. */
const stsEndpointOf = (target: AwsTarget): string =>
  process.env.AWS_ENDPOINT_URL_STS || process.env.AWS_ENDPOINT_URL || `in ${target.homeRegion}`

/** How long the harness gives the control API of a custom endpoint to answer before treating it as AWS. */
const EMULATOR_PROBE_TIMEOUT_MS = 2_000

/**
 * --target aws with a custom AWS_ENDPOINT_URL may be talking to a harness emulator posing as AWS
 * (`harness emulator start`): its durations are AWS's × its time scale, so the harness's polls and waits
 * are sized to that scale instead of to real AWS. Anything else behind the URL (a proxy, another
 * emulator) does not answer GET /_emulator/clock with a time scale, and the target is real AWS (undefined).
 * The request is unsigned and carries no credentials.
 */
export async function emulatorTimeScaleBehind(endpoint: string | undefined): Promise<number | undefined> {
  const base = endpoint?.trim().replace(/\/$/, '')
  if (!base) return undefined
  try {
    const response = await fetch(`${base}/_emulator/clock`, { signal: AbortSignal.timeout(EMULATOR_PROBE_TIMEOUT_MS) })
    if (!response.ok) return undefined
    const body = (await response.json()) as { date?: unknown; timeScale?: unknown }
    const { timeScale } = body
    return typeof body.date === 'string' && typeof timeScale === 'number' && timeScale > 0 ? timeScale : undefined
  } catch {
    return undefined
  }
}

/** Which of the emulator's durations (GET /_emulator/config) each wait harness polls lasts. */
const DURATION_OF: Array<[BackoffPurpose, string]> = [
  ['account', 'createAccountMs'],
  ['region', 'enableRegionMs'],
  ['region-settle', 'regionSettleMs'],
  ['propagation', 'iamPropagationMs'],
  ['account-access', 'accountAccessDelayMs'],
]

/** A harness emulator's own durations at `endpoint`; undefined when none answers there (real AWS). */
export async function emulatorDurationsBehind(endpoint: string | undefined): Promise<ExpectedDurations | undefined> {
  const base = endpoint?.trim().replace(/\/$/, '')
  if (!base) return undefined
  try {
    // The embedded emulator answers in this process: no HTTP (nor undici's load) before CreateAccount.
    const { durations } = (inProcessConfig(base) ??
      (await fetch(`${base}/_emulator/config`, { signal: AbortSignal.timeout(EMULATOR_PROBE_TIMEOUT_MS) }).then(
        (response) => (response.ok ? response.json() : {}),
      ))) as { durations?: Record<string, unknown> }
    const known = DURATION_OF.filter(([, name]) => typeof durations?.[name] === 'number')
    return known.length > 0
      ? Object.fromEntries(known.map(([purpose, name]) => [purpose, durations![name]]))
      : undefined
  } catch {
    return undefined
  }
}

/**
 * The emulator's simulated time: read directly from an emulator in this process, else GET /_emulator/clock,
 * else the local clock. The
 * role-session providers ask before every SDK request, so callers that ask while a reading is in flight
 * share it (answered while they wait) instead of each sending one; sessions are refreshed 5 min of target
 * time before expiry, far more than a round trip is worth even at a fast time scale.
 */
function emulatorClock(endpoint: string): () => Promise<Date> {
  const url = `${endpoint.replace(/\/$/, '')}/_emulator/clock`
  const read = async () => {
    try {
      const response = await fetch(url)
      if (!response.ok) return new Date()
      const body = (await response.json()) as { date?: unknown }
      const date = typeof body.date === 'string' ? new Date(body.date) : undefined
      return date && !Number.isNaN(date.getTime()) ? date : new Date()
    } catch {
      return new Date()
    }
  }
  let reading: Promise<Date> | undefined
  return () => {
    const local = inProcessClock(endpoint)
    if (local) return Promise.resolve(local())
    reading ??= read().finally(() => {
      reading = undefined
    })
    return reading
  }
}
