/**
 * One AWS request through the emulator: route → authenticate → parse → region checks → faults →
 * authorize → handler → serialize, recording the call and its CloudTrail event either way.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { redactSecrets } from '../../outcomes/redact.js'
import { authorizeRequest } from '../authz/index.js'
import { applyFaults, responseIsLost } from '../faults/apply.js'
import { codecFor } from '../protocols/index.js'
import { headerValue, type IncomingRequest, type ParsedOperation, type WireResponse } from '../protocols/types.js'
import { loadAllServices } from '../services/index.js'
import { recordUsage } from '../timeline/usage.js'
import { recordCall, recordCloudTrailEvent } from './audit.js'
import { type Authenticated, authenticate, readCredentialScope, readPresignedScope } from './authenticate.js'
import { AwsError, ConnectionResetFault, isAwsError } from './errors.js'
import { newRequestId } from './ids.js'
import { assertRegionAccess } from './region-access.js'
import { GLOBAL_SIGNING_REGION } from './regions.js'
import { routeToAnyService } from './route-service.js'
import type { EmulatorState } from './state.js'
import type { OperationDefinition, RequestContext, ServiceDefinition } from './types.js'
import { unroutableResponse } from './unroutable.js'
import { unservedOperationError } from './unserved.js'

export type PipelineResult = { kind: 'response'; response: WireResponse } | { kind: 'reset' }

export interface RequestMeta {
  sourceIp: string
  secureTransport: boolean
}

export async function handleAwsRequest(
  state: EmulatorState,
  request: IncomingRequest,
  meta: RequestMeta,
): Promise<PipelineResult> {
  const requestId = newRequestId()
  const scope = readCredentialScope(request) ?? readPresignedScope(request)
  const routed = await routeToAnyService(request, scope?.service)
  if (!routed) return { kind: 'response', response: await unroutableResponse(request, scope?.service, requestId) }
  const { service, globalEndpoint } = routed
  const codec = codecFor(service.protocol)
  if (service.ready) await service.ready()
  const now = state.clock.now()
  const region = service.global || globalEndpoint ? GLOBAL_SIGNING_REGION : (scope?.region ?? GLOBAL_SIGNING_REGION)
  let operationName = safePeek(() => codec.peekOperation(request, service)) ?? 'Unknown'
  let auth: Authenticated | undefined
  let ctx: RequestContext | undefined
  let operation: OperationDefinition | undefined
  let result: PipelineResult
  let error: AwsError | undefined
  let output: unknown

  try {
    codec.checkFraming?.(request, service)
    auth = authenticate(state, request, service.protocol, now)
    if (!isServed(service, operationName)) throw await unservedError(request, service, operationName)
    let parsed: ParsedOperation | undefined
    let parseError: unknown
    try {
      parsed = codec.parseRequest(request, service)
      operationName = parsed.operation
    } catch (caught) {
      parseError = caught
    }
    assertRegionAccess(state, auth.caller, service, region, globalEndpoint, now)
    ctx = {
      requestId,
      service: service.signingName,
      region,
      operation: operationName,
      protocol: service.protocol,
      params: parsed?.params ?? {},
      caller: auth.caller,
      now,
      state,
      sourceIp: meta.sourceIp,
      secureTransport: meta.secureTransport,
      globalEndpoint,
      authorization: [],
      serviceDefinition: service,
    }
    if (parseError !== undefined || !parsed) throw parseError
    operation = service.operations[parsed.operation]!
    if (state.faults.length > 0) await applyFaults(ctx, service)
    authorizeRequest(ctx, service, operation)
    output = await operation.handler(ctx)
    if (responseIsLost(ctx, service)) {
      recordUsage(ctx, service) // the call took effect; only its answer is lost
      throw new ConnectionResetFault()
    }
    const response = codec.serializeOutput(output, operationName, service, requestId)
    recordUsage(ctx, service)
    result = { kind: 'response', response }
  } catch (caught) {
    if (caught instanceof ConnectionResetFault) {
      error = new AwsError('ConnectionReset', caught.message, { status: 0 })
      result = { kind: 'reset' }
    } else {
      error = toAwsError(caught, service, operationName)
      result = { kind: 'response', response: codec.serializeError(error, service, requestId, request) }
    }
  }

  audit(state, { service, region, operationName, requestId, auth, ctx, operation, output, error, request, result })
  // Vending has begun: the other services load while AWS creates the account (services/index.ts).
  if (service.signingName === 'organizations' && operationName === 'CreateAccount')
    void loadAllServices().catch(() => undefined)
  const latency = state.clock.scaled(state.durations.perCallLatencyMs)
  if (latency > 0) await sleep(latency)
  return result
}

function isServed(service: ServiceDefinition, peeked: string): boolean {
  const rest = service.protocol === 'rest-json' || service.protocol === 'rest-xml'
  return Object.hasOwn(service.operations, peeked) || (peeked === 'Unknown' && !rest)
}

/** An operation the service does not serve is refused in its protocol, naming the permission AWS would check. */
function unservedError(request: IncomingRequest, service: ServiceDefinition, peeked: string): Promise<AwsError> {
  return unservedOperationError({
    protocol: service.protocol,
    iamPrefix: service.iamPrefix,
    operation: peeked === 'Unknown' ? undefined : peeked,
    requestLine: `${request.method.toUpperCase()} ${request.rawPath}`,
    actionAliases: service.actionAliases,
    served: Object.keys(service.operations),
  })
}

function safePeek(peek: () => string | undefined): string | undefined {
  try {
    return peek()
  } catch {
    return undefined
  }
}

/** Unexpected exceptions become the protocol's internal error; the stack goes to stderr, never to the client. */
function toAwsError(caught: unknown, service: ServiceDefinition, operation: string): AwsError {
  if (isAwsError(caught)) return caught
  const detail = caught instanceof Error ? (caught.stack ?? caught.message) : String(caught)
  process.stderr.write(
    redactSecrets(`harness emulator: ${service.signingName}:${operation} failed unexpectedly: ${detail}\n`),
  )
  const code =
    service.protocol === 'ec2' ? 'InternalError' : service.protocol === 'query' ? 'ServiceFailure' : 'InternalFailure'
  return new AwsError(code, 'We encountered an internal error. Please try again.', { status: 500 })
}

interface AuditInput {
  service: ServiceDefinition
  region: string
  operationName: string
  requestId: string
  auth: Authenticated | undefined
  ctx: RequestContext | undefined
  operation: OperationDefinition | undefined
  output: unknown
  error: AwsError | undefined
  request: IncomingRequest
  result: PipelineResult
}

/** The last instant formatted: calls of the same millisecond (several, under load) share the text. */
let lastIso = { time: Number.NaN, text: '' }

function isoTime(date: Date): string {
  const time = date.getTime()
  if (time !== lastIso.time) lastIso = { time, text: date.toISOString() }
  return lastIso.text
}

function audit(state: EmulatorState, input: AuditInput): void {
  const { service, region, operationName, requestId, auth, ctx, error, result } = input
  recordCall(state, {
    time: isoTime(state.clock.now()),
    requestId,
    accountId: auth?.caller.accountId ?? '',
    region,
    service: service.signingName,
    operation: operationName,
    principalArn: auth?.caller.arn ?? '',
    accessKeyId: auth?.caller.accessKeyId ?? readCredentialScope(input.request)?.accessKeyId ?? '',
    outcome: error ? 'error' : 'success',
    errorCode: error?.code,
    httpStatus: result.kind === 'response' ? result.response.status : 0,
    authorization: ctx?.authorization ?? [],
  })
  // AWS never saw a dropped connection, so CloudTrail doesn't either.
  if (!ctx || result.kind === 'reset') return
  recordCloudTrailEvent({
    ctx: ctx.operation === operationName ? ctx : { ...ctx, operation: operationName },
    service,
    operation: input.operation,
    credential: auth?.credential,
    userAgent: headerValue(input.request, 'user-agent') ?? '',
    output: input.output,
    error,
  })
}
