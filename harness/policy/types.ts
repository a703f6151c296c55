/**
 * The IAM policy model and evaluator contract. This module has no emulator dependencies: the
 * emulator enforces with it and the harness predicts outcomes offline with it.
 */

export type Effect = 'Allow' | 'Deny'

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'

/** Policy types as AWS names them in AccessDenied reason clauses. */
export type PolicyType =
  | 'identity-based'
  | 'resource-based'
  | 'service control'
  | 'resource control'
  | 'permissions boundary'
  | 'session'
  | 'role trust'

/** What kind of document is being validated: changes which elements are required or forbidden. */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'scp' | 'boundary' | 'session'

export type ConditionValue = string | boolean | number
/** operator (e.g. 'StringEquals', 'ForAnyValue:StringLike', 'DateLessThanIfExists') → key → values */
export type ConditionBlock = Record<string, Record<string, ConditionValue | ConditionValue[]>>

export type PrincipalBlock = '*' | Record<string, string | string[]>

/** The Principal element key a caller is matched under. */
export type PrincipalKind = 'AWS' | 'Service' | 'Federated' | 'CanonicalUser'

export interface Statement {
  Sid?: string
  Effect: Effect
  Principal?: PrincipalBlock
  NotPrincipal?: PrincipalBlock
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Condition?: ConditionBlock
}

export interface PolicyDocument {
  Version?: '2012-10-17' | '2008-10-17'
  Id?: string
  Statement: Statement | Statement[]
}

/** A validation problem, naming the statement (index and Sid) and field. */
export interface PolicyValidationError {
  /** JSON-pointer-like path, e.g. 'Statement[1].Action' */
  path: string
  message: string
  /** The MalformedPolicyDocument text IAM answers for this problem (see malformedPolicyMessage). */
  awsMessage?: string
}

export interface ParsedPolicy {
  document: PolicyDocument
  /** Statements normalized to arrays. */
  statements: Statement[]
}

/** A policy applicable to a request, with an id used in results (policy name or ARN). */
export interface NamedPolicy {
  id: string
  document: PolicyDocument | ParsedPolicy | string
}

/** Values of condition keys for the request (keys are matched case-insensitively, as IAM does). */
export type RequestContextValues = Record<string, string | string[] | boolean | number | Date | undefined>

export interface EvaluationRequest {
  /** e.g. 'logs:CreateLogGroup' (matched case-insensitively). */
  action: string
  /** Resource ARN or '*'. */
  resource: string
  /** Principal ARN (for Principal matching in resource/trust policies and aws:PrincipalArn). */
  principalArn?: string
  principalAccount?: string
  /** How Principal elements see the caller; inferred from principalArn when omitted (service names end in .amazonaws.com). */
  principalKind?: PrincipalKind
  /** Condition keys and policy variables: aws:username, aws:PrincipalTag/x, aws:RequestTag/x, … */
  context?: RequestContextValues
  identityPolicies?: NamedPolicy[]
  /** One entry per level of the OU path (root first, account last); every level must allow. Omit for management accounts. */
  serviceControlPolicies?: NamedPolicy[][]
  /** Like serviceControlPolicies, for RCPs on the resource's account (decidedBy 'resource control'). */
  resourceControlPolicies?: NamedPolicy[][]
  permissionsBoundary?: NamedPolicy
  sessionPolicies?: NamedPolicy[]
  /** Resource-based or trust policy of the target. */
  resourcePolicy?: NamedPolicy
  /** With a resource policy: the kind that decides whether it alone can allow (trust policies must allow). */
  resourcePolicyType?: 'resource-based' | 'role trust'
}

export interface MatchedStatement {
  policyType: PolicyType
  policyId: string
  sid?: string
  index: number
  effect: Effect
}

export interface EvaluationResult {
  decision: Decision
  /** The policy type that decided a denial (first failing one in AWS's order); the allowing type for an Allow. */
  decidedBy: PolicyType
  matchedStatements: MatchedStatement[]
}
