/**
 * Contracts shared by the emulator's server, protocols, services and authorization.
 * Every request is fully known (caller, account, region, service, operation, parsed params)
 * before authorization and the handler run.
 */
import type { IncomingRequest } from '../protocols/types.js'
import type { EmulatorResource, EmulatorState } from './state.js'

export type Protocol = 'json' | 'rest-json' | 'query' | 'ec2' | 'rest-xml'

/** Who signed the request, resolved from the access key. Never holds the secret or session token. */
export interface Caller {
  accountId: string
  /** arn:aws:iam::<acct>:root | arn:aws:iam::<acct>:user/<path><name> | arn:aws:sts::<acct>:assumed-role/<role>/<session> */
  arn: string
  principalType: 'root' | 'user' | 'assumed-role'
  /** AIDA… for users, `AROA…:<session>` for assumed roles, the account id for root. */
  userId: string
  accessKeyId: string
  userName?: string
  /** For assumed roles: the role's ARN (arn:aws:iam::<acct>:role/<path><name>) and name. */
  roleArn?: string
  roleName?: string
  sessionName?: string
  /** Session policy document (raw JSON text) passed to AssumeRole, if any. */
  sessionPolicy?: string
  /** Managed policy ARNs passed as session policies to AssumeRole. */
  sessionPolicyArns?: string[]
  sourceIdentity?: string
  principalTags?: Record<string, string>
  /** True when these credentials came from role chaining (assumed with assumed-role credentials). */
  chained?: boolean
  /** Session credentials only: v1 tokens (global STS endpoint) fail in opt-in regions. */
  tokenVersion?: 'v1' | 'v2'
  expiresAt?: Date
}

/** One authorization check an operation needs (Service Authorization Reference). */
export interface AuthCheck {
  /** e.g. 'logs:CreateLogGroup' */
  action: string
  /** Resource ARN in the real format, or '*' for actions without resource-level permissions. */
  resource: string
  /** Request-specific condition keys, e.g. aws:RequestTag/team, aws:TagKeys, ec2:CreateAction. */
  context?: Record<string, string | string[] | undefined>
  /** Why the check exists: 'primary', 'tag-on-create', or 'timeline:<change id>'. */
  reason?: string
  /** Set when AWS checks this as a call one service makes to another on the caller's behalf. */
  serviceCall?: ServiceCall
}

/**
 * A call an AWS service makes to another with the caller's identity (forward access sessions), which
 * CloudTrail records as its own event with `userIdentity.invokedBy` (CloudTrail UG, userIdentity element).
 */
export interface ServiceCall {
  /** The calling service, e.g. 'ec2.amazonaws.com'. */
  invokedBy: string
  eventSource: string
  eventName: string
  requestParameters?: Record<string, unknown>
  /** The callee's error when the check was denied (set by the authorizer, in AWS's words for that date). */
  errorCode?: string
  errorMessage?: string
}

/** What the authorizer decided for one check; kept on the request for the audit log. */
export interface AuthorizationRecord {
  action: string
  resource: string
  reason?: string
  decision: 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied'
  serviceCall?: ServiceCall
  /** The resource's tags as the check saw them (aws:ResourceTag/<key>), when it had any. */
  resourceTags?: Record<string, string>
  /** Policy type that decided ('identity-based', 'service control', 'permissions boundary', 'session', 'role trust', 'administrator'). */
  decidedBy?: string
  matchedStatements?: Array<{
    policyType: string
    policyId: string
    sid?: string
    index: number
    effect: 'Allow' | 'Deny'
  }>
}

export interface RequestContext {
  requestId: string
  /** The SigV4 signing name: 'logs', 'ecr', 'ec2', 'sts', 'iam', 'organizations', 'account', 'ssm', 'cloudtrail'. */
  service: string
  /** Region from the credential scope (us-east-1 for global services). */
  region: string
  operation: string
  protocol: Protocol
  /**
   * Parsed input with wire member names. json/rest-json: the JSON body (plus path/query members).
   * query/ec2: the form unflattened: `Tags.member.1.Key` → `{ Tags: [{ Key }] }`,
   * `TagSpecification.1.Tag.1.Key` → `{ TagSpecification: [{ Tag: [{ Key }] }] }`.
   */
  params: Record<string, any>
  caller: Caller
  /** Simulated time when the request arrived. */
  now: Date
  state: EmulatorState
  sourceIp: string
  secureTransport: boolean
  /** True when the request came through the global STS endpoint (v1 tokens). */
  globalEndpoint: boolean
  /** Filled by the authorizer; shown in the audit log. */
  authorization: AuthorizationRecord[]
  /**
   * The service principals that made this call with the caller's credentials, first to last (forward
   * access sessions): set for calls a service makes on the caller's behalf, absent for the caller's own.
   */
  calledVia?: readonly string[]
  /** The definition of `service`; the server always sets it (validation helpers read its error codes). */
  serviceDefinition?: ServiceDefinition
}

export interface OperationDefinition {
  /**
   * Returns the output with wire member names. json/rest-json: a JSON-serializable object
   * (Dates become epoch seconds). query: the content of `<OpResult>`; arrays are written as
   * `<member>` items. ec2: the response members (e.g. `reservationId`, `instancesSet`); arrays
   * are written as `<item>` items.
   */
  handler(ctx: RequestContext): unknown | Promise<unknown>
  /** The checks this request needs. Default: one check `<prefix>:<Operation>` on '*'. */
  authorize?(ctx: RequestContext): AuthCheck[]
  /** Resources for CloudTrail's `Resources` list, computed after success. */
  cloudTrailResources?(ctx: RequestContext, output: unknown): Array<{ ResourceType: string; ResourceName: string }>
  /** Read-only calls are marked ReadOnly in CloudTrail. Default: true for Describe/List/Get prefixes. */
  readOnly?: boolean
}

export interface ServiceDefinition {
  /** SigV4 signing name. */
  signingName: string
  /** IAM action prefix (e.g. 'ecr' even though the endpoint prefix is api.ecr). */
  iamPrefix: string
  /** CloudTrail eventSource, e.g. 'logs.amazonaws.com'. */
  eventSource: string
  protocol: Protocol
  /** awsJson content type version: '1.0' (SQS, DynamoDB) or '1.1' (default). */
  jsonVersion?: '1.0' | '1.1'
  /** awsJson `__type` namespace, e.g. 'com.amazonaws.sqs' → `com.amazonaws.sqs#QueueDoesNotExist`. */
  errorTypeNamespace?: string
  /** awsQueryCompatible services: JSON error code → the query code sent in `x-amzn-query-error`. */
  queryErrorCodes?: Readonly<Record<string, string>>
  /** awsJson1_1 X-Amz-Target prefix, e.g. 'Logs_20140328'. */
  targetPrefix?: string
  /**
   * Other X-Amz-Target prefixes AWS accepts for the same service, because an official SDK sends them
   * (botocore's service model metadata.targetPrefix differs from SDK v3's for CloudTrail).
   */
  alternateTargetPrefixes?: readonly string[]
  /** awsQuery / ec2Query Version parameter. */
  apiVersion?: string
  /** XML namespace for query/ec2 responses. */
  xmlNamespace?: string
  /** Casing of the message member in JSON errors: Logs/ECR use 'message', Organizations 'Message'. */
  errorMessageKey?: 'message' | 'Message'
  /** Global control planes (IAM, Organizations, Account) sign with us-east-1 and ignore regional opt-in. */
  global?: boolean
  /**
   * json/rest-json validation error code used by core/params.ts helpers (Logs/ECR 'InvalidParameterException',
   * Organizations 'InvalidInputException'). Default 'ValidationException'. Query uses 'ValidationError',
   * EC2 'MissingParameter'/'InvalidParameterValue' regardless.
   */
  validationErrorCode?: string
  /** Operation → IAM action where the names differ (S3 HeadBucket → 's3:ListBucket'); see core/unserved.ts. */
  actionAliases?: Readonly<Record<string, string>>
  /** restJson1 routes: 'POST /enableRegion' → 'EnableRegion'. */
  restRoutes?: Record<string, string>
  operations: Record<string, OperationDefinition>
  /**
   * restXml (S3): the operation a request addresses, or undefined when none matches. S3 derives this
   * from the route table in the SDK's shipped schema, loaded by `ready()` before the first request.
   */
  resolveOperation?(request: IncomingRequest): string | undefined
  /** restJson1: success status per operation where it is not 200 (Lambda CreateFunction 201, DeleteFunction 204). */
  successStatus?: Readonly<Record<string, number>>
  /** restJson1 services routed by a schema-generated table (protocols/schema-routes.ts): operation and path labels. */
  matchRoute?(request: IncomingRequest): { operation: string; labels: Record<string, string> } | undefined
  /** Loads what the service builds lazily (S3's route table) before it serves its first request. */
  ready?(): Promise<void>
  /** Live resources of this service, for `GET /_emulator/resources`. */
  listResources?(state: EmulatorState): EmulatorResource[]
}

export interface Tag {
  Key: string
  Value: string
}
