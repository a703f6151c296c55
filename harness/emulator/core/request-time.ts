/**
 * AWS refuses a signed request dated more than 15 minutes from its own clock, in both directions (the
 * RequestExpired entry of every service's Common Errors page); Lambda with a 5-minute window. The
 * window is measured against the REAL clock, not the simulated one: SDK clients sign with the
 * machine's time even while the emulator plays 2022. Texts per protocol: see FACTS.md.
 */
import { AwsError } from './errors.js'
import type { Protocol } from './types.js'

const MINUTE_MS = 60_000
const DEFAULT_WINDOW_MINUTES = 15
/** Services whose window is narrower than 15 minutes, by signing name. */
const WINDOW_MINUTES: Readonly<Record<string, number>> = { lambda: 5 }

const S3_SKEWED = 'The difference between the request time and the current time is too large.'

/** Throws the protocol's clock-skew error when `signingDate` (sent as `amzDate`) is outside the window. */
export function assertRequestTime(
  signingDate: Date,
  amzDate: string,
  protocol: Protocol,
  service: string,
  realNow: number = Date.now(),
): void {
  const minutes = WINDOW_MINUTES[service] ?? DEFAULT_WINDOW_MINUTES
  const windowMs = minutes * MINUTE_MS
  const signed = signingDate.getTime()
  if (signed < realNow - windowMs) {
    const detail = `Signature expired: ${amzDate} is now earlier than ${basicIso(realNow - windowMs)} (${basicIso(realNow)} - ${minutes} min.)`
    throw skewError(protocol, detail, amzDate, realNow, windowMs)
  }
  if (signed > realNow + windowMs) {
    const detail = `Signature not yet current: ${amzDate} is still later than ${basicIso(realNow + windowMs)} (${basicIso(realNow)} + ${minutes} min.)`
    throw skewError(protocol, detail, amzDate, realNow, windowMs)
  }
}

function skewError(protocol: Protocol, detail: string, amzDate: string, realNow: number, windowMs: number): AwsError {
  if (protocol === 'ec2') return new AwsError('RequestExpired', 'Request has expired.', { status: 400 })
  if (protocol === 'query') return new AwsError('SignatureDoesNotMatch', detail, { status: 403 })
  if (protocol === 'rest-xml') {
    // The SDK reads ServerTime (before the Date header) to correct its clock, so it is real time too.
    const fields = { RequestTime: amzDate, ServerTime: isoSeconds(realNow), MaxAllowedSkewMilliseconds: windowMs }
    return new AwsError('RequestTimeTooSkewed', S3_SKEWED, { status: 403, fields })
  }
  // awsJson answers 400, restJson (API Gateway fronted, e.g. Lambda) 403, as for other signature errors.
  return new AwsError('InvalidSignatureException', detail, { status: protocol === 'rest-json' ? 403 : 400 })
}

/** `20261207T134500Z`, the X-Amz-Date form AWS quotes its own clock in. */
function basicIso(time: number): string {
  return isoSeconds(time).replace(/[-:]/g, '')
}

/** `2026-12-07T13:45:00Z`, as S3's ServerTime. */
function isoSeconds(time: number): string {
  return `${new Date(time).toISOString().slice(0, 19)}Z`
}
