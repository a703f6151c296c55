/**
 * An injected fault rule (validated by schema.ts). Selection: service / operation / region /
 * accountId narrow which calls match; `rate` (seeded, reproducible) and `count` (first n injections)
 * decide which matching calls fault.
 */
export type FaultKind =
  | 'throttle'
  | 'internal-error'
  | 'service-unavailable'
  | 'connection-reset'
  /** The request takes effect, then the connection drops before the response: an ambiguous failure. */
  | 'lost-response'
  | 'slow'
  | 'create-account-failure'

export interface FaultRule {
  /** SigV4 signing name or IAM prefix ('logs', 'ec2', 'organizations', …); a list matches any. */
  service?: string | string[]
  /** API operation name ('CreateLogGroup'); a list matches any. */
  operation?: string | string[]
  region?: string | string[]
  accountId?: string | string[]
  /** Probability 0..1 that a matching call faults, drawn from a PRNG seeded by `seed` (or the emulator seed). */
  rate?: number
  /** At most this many injections; without `rate`, the first `count` matching calls fault. */
  count?: number
  seed?: number
  fault?: FaultKind
  /** 'slow': real milliseconds added before the call proceeds (not scaled by timeScale). */
  delayMs?: number
  /** 'create-account-failure': the FailureReason the Organizations CreateAccount request ends with. */
  failureReason?: string
  /** Overrides the error message of throttle / internal-error / service-unavailable. */
  message?: string
  [key: string]: unknown
}
