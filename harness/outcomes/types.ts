/** What one scenario step produced in one region. AWS outcomes are data, not exceptions. */

export type OutcomeKind = 'allowed' | 'denied' | 'region-not-ready' | 'credentials' | 'throttled' | 'error' | 'skipped'

/** What a denial message says, when it says it (parsed from the raw message text). */
export interface DeniedDetails {
  /** e.g. 'logs:TagResource'; for the 2022 Logs message, the additional permission it names if any. */
  action?: string
  resource?: string
  /** 'no identity-based policy allows', 'explicit deny in a service control policy', 'tag-on-create', … */
  reason?: string
  policyType?: string
  /** Optional policy ARN suffix of newer messages. */
  policyArn?: string
  /** The principal the message names. */
  principal?: string
  /** EC2's encoded authorization failure message blob, if present. */
  encodedMessage?: string
  /** The blob was decoded during the run (STS DecodeAuthorizationMessage) and merged into these details. */
  decoded?: boolean
  /** Why decoding failed, when it did (the denial itself stands). */
  decodeError?: string
  /** When the message names no single action but a fix is one of these (Logs 2022 tag-on-create). */
  actionCandidates?: string[]
  /** The API operation the message names when it names no IAM action, e.g. 'CreateLogGroup'. */
  operation?: string
  /** The call AWS refused, `<iam prefix>:<operation>` as the scenario's client sent it (`ecs:CreateService`). */
  call?: string
}

interface OutcomeBase {
  kind: OutcomeKind
  /** Wall-clock duration of the step in ms. */
  durationMs: number
}

export interface AllowedOutcome extends OutcomeBase {
  kind: 'allowed'
  /** Set when the call "succeeded" as an EC2 DryRunOperation. */
  dryRun?: boolean
  requestId?: string
  attempts?: number
}

export interface FailedOutcome extends OutcomeBase {
  kind: 'denied' | 'region-not-ready' | 'credentials' | 'throttled' | 'error'
  errorName: string
  httpStatus?: number
  requestId?: string
  /** Raw AWS message (never contains credentials). */
  message: string
  /** Denials only. */
  denied?: DeniedDetails
  attempts?: number
  /** The SDK's $fault: who AWS blames. */
  fault?: 'client' | 'server'
}

export interface SkippedOutcome extends OutcomeBase {
  kind: 'skipped'
  reason: string
}

export type Outcome = AllowedOutcome | FailedOutcome | SkippedOutcome

/** Only denials can be permission drift; these kinds make a comparison inconclusive. */
export const INCONCLUSIVE_KINDS: readonly OutcomeKind[] = ['region-not-ready', 'credentials', 'throttled', 'error']
