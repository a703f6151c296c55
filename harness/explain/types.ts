/** What `harness explain` says about one denial. Plain data: printed as text or, with --json, as is. */
import type { DeniedDetails } from '../outcomes/types.js'

export type ExplainInputKind = 'message' | 'cloudtrail-event' | 'encoded-message' | 'run-step'

/** Which policy kept the call from being allowed, from the message's context clause (IAM UG troubleshoot_access-denied). */
export type DenialCause =
  | 'no-identity-policy'
  | 'explicit-deny'
  | 'service-control-policy'
  | 'resource-control-policy'
  | 'permissions-boundary'
  | 'session-policy'
  | 'resource-policy'
  | 'role-trust-policy'
  | 'vpc-endpoint-policy'
  | 'tag-on-create'
  | 'unstated'

export interface ExplainStatement {
  Effect: 'Allow'
  Action: string[]
  Resource: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface Explanation {
  input: ExplainInputKind
  /** False when no action could be recognised: the text says so and lists what was. */
  readable: boolean
  action?: string
  /** When AWS names no single action but one of these fixes it (Logs 2022). */
  actionCandidates?: string[]
  resource?: string
  principal?: string
  /** The API call that was denied, when known (CloudTrail eventName, Logs' message). */
  operation?: string
  cause: DenialCause
  /** One sentence: why AWS refused. */
  reason: string
  /** The policy type the message names, e.g. 'service control', 'permissions boundary'. */
  policyType?: string
  policyArn?: string
  /** A permission AWS asked for beyond the call's own action (tag-on-create, ec2:CreateTags on RunInstances). */
  extraPermission?: string
  /** Where the statement goes, or why no Allow statement helps (explicit deny). */
  fixWhere: string
  statement?: ExplainStatement
  /** CloudTrail context. */
  region?: string
  eventTime?: string
  invokedBy?: string
  /** What was recognised and notes on it (catalogue mismatches, undecoded blobs, inferred actions). */
  notes: string[]
  /** The parse as runs record it. */
  details: DeniedDetails
}
