/**
 * Reading SDK errors safely. AWS errors carry `name`, `$fault` and `$metadata`; we classify by
 * those and quote only the error's name and message, never request headers or credentials.
 */

interface SdkErrorShape {
  name?: unknown
  code?: unknown
  message?: unknown
  Reason?: unknown
  $metadata?: { httpStatusCode?: number; requestId?: string }
}

const asShape = (error: unknown): SdkErrorShape =>
  typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {}

/** The AWS error code (SDK exception name), or a node error code such as ECONNRESET. */
export function awsErrorName(error: unknown): string {
  const shape = asShape(error)
  if (typeof shape.code === 'string' && (shape.name === 'Error' || shape.name === undefined)) return shape.code
  if (typeof shape.name === 'string' && shape.name.length > 0) return shape.name
  return 'Error'
}

export function awsErrorMessage(error: unknown): string {
  const message = asShape(error).message
  return typeof message === 'string' && message.length > 0 ? message : String(error)
}

export function httpStatusOf(error: unknown): number | undefined {
  return asShape(error).$metadata?.httpStatusCode
}

/** Node's error codes for a request that got no answer: name resolution, connection, socket timeout. */
const NO_ANSWER = ['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']
const NO_ANSWER_IN_TEXT = new RegExp(`\\b(${NO_ANSWER.join('|')})\\b`)

/**
 * Whether a request got no answer at all, so the network (or the endpoint), not the request or its
 * credentials, failed: a Node network error or the SDK's TimeoutError, also as a credential provider
 * wraps it (an SSO portal out of reach is a CredentialsProviderError quoting ENOTFOUND).
 */
export function gotNoAnswer(error: unknown): boolean {
  if (httpStatusOf(error) !== undefined) return false
  const name = awsErrorName(error)
  if (NO_ANSWER.includes(name) || name === 'TimeoutError') return true
  return name.endsWith('ProviderError') && NO_ANSWER_IN_TEXT.test(awsErrorMessage(error))
}

/** Whether a credential provider (SSO, a profile's process, IMDS) failed, rather than the request it signed. */
export const isCredentialProviderError = (error: unknown): boolean => awsErrorName(error).endsWith('ProviderError')

/** ConstraintViolationException / ValidationException reason member, when the service sent one. */
export function reasonOf(error: unknown): string | undefined {
  const shape = asShape(error) as SdkErrorShape & { reason?: unknown }
  const reason = shape.Reason ?? shape.reason
  return typeof reason === 'string' ? reason : undefined
}

/** "CreateAccount failed: TooManyRequestsException: Rate exceeded" — the operation, name and message only. */
export function describeAwsError(operation: string, error: unknown): string {
  return `${operation} failed: ${awsErrorName(error)}: ${awsErrorMessage(error)}`
}

/**
 * A copy of an SDK error fit to keep as a `cause`: name, message, `$fault`, `$metadata` and the
 * service's Reason only. The original's `$response` still holds the signed request, session token
 * header included, which must never reach a log or a report.
 */
export function safeCause(error: unknown): unknown {
  if (typeof error !== 'object' || error === null || !('$metadata' in error || '$response' in error)) return error
  const shape = asShape(error) as SdkErrorShape & { $fault?: unknown }
  const copy = new Error(awsErrorMessage(error))
  copy.name = awsErrorName(error)
  return Object.assign(copy, { $fault: shape.$fault, $metadata: shape.$metadata, Reason: reasonOf(error) })
}
