/**
 * Which call an SDK error came from, noted on the error itself by the scenario clients' middleware
 * (runtime/step-calls.ts) as it passes: a HEAD answered 403 carries no body (HTTP: a HEAD response has
 * none), so the SDK can only say `Unknown`/`UnknownError` and the denial's action and resource exist only
 * in the request. Only what a denial names is kept (the IAM action AWS checks, the resource's ARN), never
 * the request's parameters.
 */
import { iamActionOfCall } from '../policy/operation-actions.js'

export interface FailedCall {
  /** `<iam prefix>:<operation>`, e.g. `s3:HeadBucket`. */
  call: string
  /** The API operation, e.g. `HeadBucket`. */
  operation: string
  /** The IAM action AWS authorizes it as, e.g. `s3:ListBucket`. */
  action: string
  /** The ARN of what the request addressed, where the request alone says it (S3 buckets and objects). */
  resource?: string
}

const FAILED_CALL = Symbol.for('harness.failedCall')

/** The reason of a denial read from the request, not from a message (explain/cause.ts words it). */
export const NO_MESSAGE_REASON = 'no message (HTTP 403 with no body)'

/** Notes on `error` the call (`s3:HeadBucket`, as step-calls records it) that threw it, once. */
export function noteFailedCall(error: unknown, call: string, input: unknown): void {
  if (typeof error !== 'object' || error === null || FAILED_CALL in error) return
  const [, operation = ''] = call.split(':')
  const noted: FailedCall = { call, operation, action: iamActionOfCall(call) }
  const resource = resourceOfRequest(call, input)
  if (resource) noted.resource = resource
  Object.defineProperty(error, FAILED_CALL, { value: noted, enumerable: false })
}

export function failedCallOf(error: unknown): FailedCall | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  return (error as { [FAILED_CALL]?: FailedCall })[FAILED_CALL]
}

/** `arn:aws:s3:::bucket` or `arn:aws:s3:::bucket/key` for an S3 call; other services' ARNs need more than the request. */
function resourceOfRequest(call: string, input: unknown): string | undefined {
  if (!call.toLowerCase().startsWith('s3:') || typeof input !== 'object' || input === null) return undefined
  const { Bucket, Key } = input as { Bucket?: unknown; Key?: unknown }
  if (typeof Bucket !== 'string' || !Bucket) return undefined
  return typeof Key === 'string' && Key ? `arn:aws:s3:::${Bucket}/${Key}` : `arn:aws:s3:::${Bucket}`
}
