/**
 * The audit trail of every call: a CallRecord for `/_emulator/calls` and, once the caller is
 * known and the region usable, a CloudTrail event in the caller's account and region. Secrets
 * (secret keys, session tokens, passwords) are never copied into either.
 */

import type { AwsError } from './errors.js'
import { newRequestId } from './ids.js'
import type { CallRecord, CredentialRecord, EmulatorState } from './state.js'
import type { Caller, OperationDefinition, RequestContext, ServiceDefinition } from './types.js'

const SECRET_KEY = /secret|password|sessiontoken|^token$|tokencode|privatekey/i
const READ_ONLY_PREFIX = /^(Describe|List|Get|Lookup|Decode)/

/** Member names seen so far and whether they look secret: the same few hundred names recur on every call. */
const secretKeys = new Map<string, boolean>()
const MAX_SECRET_KEYS = 10_000

function isSecretKey(key: string): boolean {
  let secret = secretKeys.get(key)
  if (secret === undefined) {
    secret = SECRET_KEY.test(key)
    if (secretKeys.size >= MAX_SECRET_KEYS) secretKeys.clear()
    secretKeys.set(key, secret)
  }
  return secret
}

/** A deep copy without secret-looking members. */
export function withoutSecrets(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (Array.isArray(value)) return value.map(withoutSecrets)
  if (value instanceof Date) return value.toISOString()
  const out: Record<string, unknown> = {}
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) if (!isSecretKey(key)) out[key] = withoutSecrets(record[key])
  return out
}

/**
 * An operation's CloudTrail `Resources` when it acts on one regional resource named by a request
 * parameter: `[{ ResourceType, ResourceName: <its ARN in the caller's account and region> }]`.
 */
export const namedResource =
  (resourceType: string, param: string, arnOf: (region: string, accountId: string, name: string) => string) =>
  (ctx: RequestContext) => [
    {
      ResourceType: resourceType,
      ResourceName: arnOf(ctx.region, ctx.caller.accountId, String(ctx.params[param] ?? '')),
    },
  ]

export function recordCall(state: EmulatorState, record: CallRecord): void {
  state.callLog.push(record)
}

/** Per credential: its caller and issue time never change, and every call it signs records the same identity. */
const identities = new WeakMap<CredentialRecord, Record<string, unknown>>()

/** The CloudTrail userIdentity of a call; frozen, as the events of one credential share it. */
export function userIdentityOf(caller: Caller, credential?: CredentialRecord): Record<string, unknown> {
  if (!credential || credential.caller !== caller) return deepFreeze(buildUserIdentity(caller, credential))
  let identity = identities.get(credential)
  if (!identity) {
    identity = deepFreeze(buildUserIdentity(caller, credential))
    identities.set(credential, identity)
  }
  return identity
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) deepFreeze(child)
  return Object.freeze(value)
}

function buildUserIdentity(caller: Caller, credential?: CredentialRecord): Record<string, unknown> {
  const base = {
    principalId: caller.userId,
    arn: caller.arn,
    accountId: caller.accountId,
    accessKeyId: caller.accessKeyId,
  }
  if (caller.principalType === 'root') return { type: 'Root', ...base }
  if (caller.principalType === 'user') return { type: 'IAMUser', ...base, userName: caller.userName }
  return {
    type: 'AssumedRole',
    ...base,
    sessionContext: {
      sessionIssuer: {
        type: 'Role',
        principalId: caller.userId.split(':')[0],
        arn: caller.roleArn,
        accountId: caller.accountId,
        userName: caller.roleName,
      },
      attributes: { creationDate: credential?.issuedAt.toISOString(), mfaAuthenticated: 'false' },
      ...(caller.sourceIdentity ? { sourceIdentity: caller.sourceIdentity } : {}),
    },
  }
}

function usernameOf(caller: Caller): string {
  if (caller.principalType === 'root') return 'root'
  return (caller.principalType === 'user' ? caller.userName : caller.sessionName) ?? caller.arn
}

/** CloudTrail's errorCode: EC2 prefixes its codes with `Client.` or `Server.`. */
export function cloudTrailErrorCode(service: ServiceDefinition, error: AwsError): string {
  if (service.protocol !== 'ec2') return error.code
  return `${error.fault === 'server' ? 'Server' : 'Client'}.${error.code}`
}

export interface CloudTrailInput {
  ctx: RequestContext
  service: ServiceDefinition
  operation: OperationDefinition | undefined
  credential: CredentialRecord | undefined
  userAgent: string
  output?: unknown
  error?: AwsError
}

export function recordCloudTrailEvent({
  ctx,
  service,
  operation,
  credential,
  userAgent,
  output,
  error,
}: CloudTrailInput): void {
  const readOnly = operation?.readOnly ?? READ_ONLY_PREFIX.test(ctx.operation)
  const resources = !error && operation?.cloudTrailResources ? safeResources(operation, ctx, output) : []
  ctx.state.cloudTrailLog.push({
    eventId: newRequestId(),
    eventTime: ctx.now,
    visibleAt: deliveredAt(ctx),
    eventName: ctx.operation,
    eventSource: service.eventSource,
    awsRegion: ctx.region,
    accountId: ctx.caller.accountId,
    readOnly,
    accessKeyId: ctx.caller.accessKeyId,
    username: usernameOf(ctx.caller),
    userIdentity: userIdentityOf(ctx.caller, credential),
    requestParameters: withoutSecrets(ctx.params),
    responseElements: error || readOnly ? null : (withoutSecrets(output) ?? null),
    errorCode: error ? cloudTrailErrorCode(service, error) : undefined,
    errorMessage: error?.message,
    requestId: ctx.requestId,
    sourceIPAddress: ctx.sourceIp,
    userAgent,
    resources,
  })
  recordServiceCalls(ctx, credential)
}

/**
 * Calls the service made to others on the caller's behalf, as their own events (userIdentity.invokedBy, source
 * IP and user agent the calling service). Made only when the caller's own checks passed: "the service that
 * receives the initial request … checks the permissions of the IAM principal" first
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html).
 */
function recordServiceCalls(ctx: RequestContext, credential: CredentialRecord | undefined): void {
  if (!ctx.authorization.some((record) => record.serviceCall)) return // most calls make none
  const own = ctx.authorization.filter((record) => !record.serviceCall)
  if (own.some((record) => record.decision !== 'Allowed')) return
  for (const record of ctx.authorization) {
    const call = record.serviceCall
    if (!call) continue
    ctx.state.cloudTrail.push({
      eventId: newRequestId(),
      eventTime: ctx.now,
      visibleAt: deliveredAt(ctx),
      eventName: call.eventName,
      eventSource: call.eventSource,
      awsRegion: ctx.region,
      accountId: ctx.caller.accountId,
      readOnly: READ_ONLY_PREFIX.test(call.eventName),
      accessKeyId: ctx.caller.accessKeyId,
      username: usernameOf(ctx.caller),
      userIdentity: { ...userIdentityOf(ctx.caller, credential), invokedBy: call.invokedBy },
      requestParameters: withoutSecrets(call.requestParameters ?? null),
      responseElements: null,
      errorCode: call.errorCode,
      errorMessage: call.errorMessage,
      requestId: newRequestId(),
      sourceIPAddress: call.invokedBy,
      userAgent: call.invokedBy,
      resources: [],
    })
  }
}

/** CloudTrail delivers events minutes after the call, not at once (Durations.cloudTrailDeliveryMs). */
function deliveredAt(ctx: RequestContext): Date {
  return new Date(ctx.now.getTime() + ctx.state.clock.scaled(ctx.state.durations.cloudTrailDeliveryMs))
}

function safeResources(operation: OperationDefinition, ctx: RequestContext, output: unknown) {
  try {
    return operation.cloudTrailResources!(ctx, output)
  } catch {
    return []
  }
}
