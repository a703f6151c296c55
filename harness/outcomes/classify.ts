/**
 * SDK result or error → Outcome. The kind comes from the SDK error's name, $fault and $metadata
 * (aws-sdk-js-v3 style), never from message text; only denial *details* are parsed from the message.
 */
import { createRequire } from 'node:module'
import type * as SmithyRetry from '@smithy/core/retry'
import { failedCallOf, NO_MESSAGE_REASON } from './failed-call.js'
import { parseDenialMessage } from './parse-denial.js'
import { redactSecrets } from './redact.js'
import type { AllowedOutcome, DeniedDetails, FailedOutcome, Outcome } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing, of every module it re-exports too). Required at the first
// classification, not at load: a scenario thread that only checks the scenario files never classifies.
let smithy: typeof SmithyRetry | undefined
function isThrottlingError(error: Parameters<typeof SmithyRetry.isThrottlingError>[0]): boolean {
  smithy ??= createRequire(import.meta.url)('@smithy/core/retry') as typeof SmithyRetry
  return smithy.isThrottlingError(error)
}

type FailedKind = FailedOutcome['kind']

const DENIED_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
])
/** Opt-in region not enabled, or a v1 global-STS token used there (aws-facts §2): never permission drift. */
const REGION_NOT_READY_NAMES = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'AuthFailure',
  'RegionDisabledException',
  'OptInRequired',
])
const CREDENTIALS_NAMES = new Set([
  'ExpiredToken',
  'ExpiredTokenException',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'RequestExpired',
  'CredentialsProviderError',
])
/**
 * EC2's AuthFailure means two things: credentials EC2 cannot validate (an opt-in region not enabled yet)
 * and "Not authorized for images: [ami-…]" (the caller may not use those resources: a denial). The name
 * alone cannot tell them apart, so this one case reads the message's fixed opening.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html (AuthFailure)
 */
const EC2_NOT_AUTHORIZED_FOR = /^Not authorized for ([\w-]+): \[([^\]]*)\]/

/** Names some services use for a bare 403. */
const FORBIDDEN_NAMES = new Set(['Forbidden', '403'])
/**
 * What the SDK makes of an error response with no body (a HEAD's never has one): no code to read, so
 * `Unknown` (or the status text), message `UnknownError`.
 */
const BODILESS_NAMES = new Set(['Unknown', 'UnknownError', ...FORBIDDEN_NAMES])
const BODILESS_MESSAGES = new Set(['', 'UnknownError', 'Unknown', 'Forbidden', '403'])

/** The fields of an SDK v3 error we classify by. Anything thrown may be missing any of them. */
interface SdkErrorShape {
  name?: unknown
  code?: unknown
  message?: unknown
  $fault?: unknown
  $metadata?: { httpStatusCode?: number; requestId?: string; attempts?: number }
  $retryable?: { throttling?: boolean }
}

export function classifyError(error: unknown): Omit<FailedOutcome, 'durationMs'> {
  const shape = asShape(error)
  // A scenario can throw anything: its error name is as untrusted as its message.
  const errorName = redactSecrets(errorNameOf(error, shape))
  const message = redactSecrets(messageOf(error, shape))
  const kind = kindOf(errorName, shape, message)
  const outcome: Omit<FailedOutcome, 'durationMs'> = { kind, errorName, message }
  const meta = shape.$metadata
  if (typeof meta?.httpStatusCode === 'number') outcome.httpStatus = meta.httpStatusCode
  if (typeof meta?.requestId === 'string') outcome.requestId = meta.requestId
  if (typeof meta?.attempts === 'number') outcome.attempts = meta.attempts
  if (shape.$fault === 'client' || shape.$fault === 'server') outcome.fault = shape.$fault
  if (kind === 'denied') outcome.denied = deniedDetailsOf(errorName, message, error)
  return outcome
}

function deniedDetailsOf(errorName: string, message: string, error: unknown): DeniedDetails {
  const details = parseDenialMessage(message)
  const call = failedCallOf(error)
  if (call) details.call = call.call
  // A 403 with no body names nothing: the call's own action, on what the request addressed (failed-call.ts).
  if (call && BODILESS_MESSAGES.has(message) && !details.action && !details.actionCandidates) {
    details.action = call.action
    details.operation = call.operation
    if (call.resource) details.resource ??= call.resource
    details.reason ??= NO_MESSAGE_REASON
  }
  const notAuthorizedFor = errorName === 'AuthFailure' ? EC2_NOT_AUTHORIZED_FOR.exec(message) : null
  if (notAuthorizedFor) {
    details.resource ??= `${notAuthorizedFor[1]}: ${notAuthorizedFor[2]}`
    details.reason ??= `not authorized to use these ${notAuthorizedFor[1]} (EC2 AuthFailure)`
  }
  return details
}

/** An EC2 DryRun call "fails" with DryRunOperation when the caller *is* allowed. */
export function isDryRunSuccess(error: unknown): boolean {
  return asShape(error).name === 'DryRunOperation'
}

export function classifySuccess(output: unknown, durationMs: number): AllowedOutcome {
  const outcome: AllowedOutcome = { kind: 'allowed', durationMs }
  const meta = asShape(output).$metadata
  if (typeof meta?.requestId === 'string') outcome.requestId = meta.requestId
  if (typeof meta?.attempts === 'number') outcome.attempts = meta.attempts
  return outcome
}

/** What a step that threw produced: DryRunOperation is allowed, everything else is a classified failure. */
export function classifyThrown(error: unknown, durationMs: number): Outcome {
  if (isDryRunSuccess(error)) return { ...classifySuccess(error, durationMs), dryRun: true }
  return { ...classifyError(error), durationMs }
}

function kindOf(errorName: string, shape: SdkErrorShape, message: string): FailedKind {
  if (CREDENTIALS_NAMES.has(errorName)) return 'credentials'
  if (errorName === 'AuthFailure' && EC2_NOT_AUTHORIZED_FOR.test(message)) return 'denied'
  if (REGION_NOT_READY_NAMES.has(errorName)) return 'region-not-ready'
  if (DENIED_NAMES.has(errorName)) return 'denied'
  if (isThrottling(errorName, shape)) return 'throttled'
  if (shape.$metadata?.httpStatusCode === 403 && isForbiddenLike(errorName, message)) return 'denied'
  if (shape.$metadata?.httpStatusCode === 403 && isBodiless(errorName, message)) return 'denied'
  return 'error'
}

function isThrottling(errorName: string, shape: SdkErrorShape): boolean {
  return isThrottlingError({ ...shape, name: errorName, message: '' } as Parameters<typeof isThrottlingError>[0])
}

/** A 403 with an unmodeled name is a denial only if it is a bare Forbidden or its message reads as one. */
function isForbiddenLike(errorName: string, message: string): boolean {
  if (FORBIDDEN_NAMES.has(errorName)) return true
  const details = parseDenialMessage(message)
  return details.action !== undefined || details.principal !== undefined
}

/** A 403 the SDK could read nothing from: a HEAD (HeadBucket, HeadObject) the caller may not make. */
function isBodiless(errorName: string, message: string): boolean {
  return BODILESS_NAMES.has(errorName) && (BODILESS_MESSAGES.has(message) || message === errorName)
}

function asShape(value: unknown): SdkErrorShape {
  return typeof value === 'object' && value !== null ? (value as SdkErrorShape) : {}
}

/** SDK errors carry the AWS code as `name`; node network errors carry it as `code` (ECONNRESET) with name 'Error'. */
function errorNameOf(error: unknown, shape: SdkErrorShape): string {
  const name = typeof shape.name === 'string' ? shape.name : undefined
  const code = typeof shape.code === 'string' ? shape.code : undefined
  if (name && name !== 'Error') return name
  if (code) return code
  if (name) return name
  return typeof error === 'string' ? 'Error' : 'UnknownError'
}

function messageOf(error: unknown, shape: SdkErrorShape): string {
  if (typeof shape.message === 'string') return shape.message
  if (typeof error === 'string') return error
  return String(error)
}
