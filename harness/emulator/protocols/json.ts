/**
 * awsJson1_1 and awsJson1_0: `X-Amz-Target: <targetPrefix>.<Operation>`, JSON in and out, `__type`
 * errors. awsJson1_0 services declare `jsonVersion: '1.0'`; awsQueryCompatible ones (SQS) also send the
 * query error code in `x-amzn-query-error` (ServiceDefinition.queryErrorCodes).
 */
import { AwsError } from '../core/errors.js'
import { targetPrefixesOf } from '../core/target-prefixes.js'
import type { ServiceDefinition } from '../core/types.js'
import { parseJsonObject, stringifyAwsJson } from './json-body.js'
import { headerValue, type IncomingRequest, type ProtocolCodec, type WireResponse } from './types.js'

function contentType(service: ServiceDefinition): string {
  return `application/x-amz-json-${service.jsonVersion ?? '1.1'}`
}

function targetOperation(request: IncomingRequest): string | undefined {
  const target = headerValue(request, 'x-amz-target')
  if (!target) return undefined
  const dot = target.lastIndexOf('.')
  return dot < 0 ? target : target.slice(dot + 1)
}

function response(
  service: ServiceDefinition,
  status: number,
  requestId: string,
  body: string,
  extra: Record<string, string> = {},
): WireResponse {
  return { status, headers: { 'content-type': contentType(service), 'x-amzn-requestid': requestId, ...extra }, body }
}

/**
 * A body sent as anything but JSON never reaches the service: AWS's front end answers 404 with an
 * XML `<UnknownOperationException/>`, before authentication (DynamoDB and Athena, FACTS.md).
 */
class UnframedRequestError extends AwsError {
  constructor() {
    super('UnknownOperationException', '', { status: 404 })
  }
}

function isFormBody(request: IncomingRequest): boolean {
  return headerValue(request, 'content-type')?.toLowerCase().startsWith('application/x-www-form-urlencoded') === true
}

function isJsonMediaType(request: IncomingRequest, service: ServiceDefinition): boolean {
  const type = headerValue(request, 'content-type')?.split(';')[0]?.trim().toLowerCase()
  return type === 'application/json' || type === contentType(service)
}

export const jsonProtocol: ProtocolCodec = {
  peekOperation: (request) => targetOperation(request),

  checkFraming(request, service) {
    if (request.body.length === 0 || isJsonMediaType(request, service)) return
    // SQS serves its older query protocol too (form bodies from older SDKs and CLIs): left to the
    // not-served answer that explains the emulator speaks its JSON protocol, not refused as unframed.
    if (service.queryErrorCodes && isFormBody(request)) return
    throw new UnframedRequestError()
  },

  parseRequest(request, service) {
    const target = headerValue(request, 'x-amz-target') ?? ''
    const operation = targetOperation(request) ?? ''
    // `<prefix>.<operation>` with the operation after the last dot: the prefix is what precedes that dot.
    const dot = target.lastIndexOf('.')
    const prefixMatches = dot >= 0 && targetPrefixesOf(service).includes(target.slice(0, dot))
    if (!operation || !prefixMatches || !Object.hasOwn(service.operations, operation)) {
      throw new AwsError('UnknownOperationException', unknownOperationMessage(target || '(missing X-Amz-Target)'))
    }
    return { operation, params: parseJsonObject(request.body) }
  },

  serializeOutput(output, _operation, service, requestId) {
    return response(service, 200, requestId, stringifyAwsJson(output))
  },

  serializeError(error, service, requestId) {
    if (error instanceof UnframedRequestError) {
      return { status: 404, headers: { 'x-amzn-requestid': requestId }, body: '<UnknownOperationException/>\n' }
    }
    const queryCode = service.queryErrorCodes?.[error.code]
    const extra: Record<string, string> = {}
    if (queryCode) extra['x-amzn-query-error'] = `${queryCode};${error.fault === 'server' ? 'Receiver' : 'Sender'}`
    return response(service, error.status, requestId, stringifyAwsJson(jsonErrorBody(error, service)), extra)
  },
}

export function jsonErrorBody(error: AwsError, service: ServiceDefinition): Record<string, unknown> {
  const type = service.errorTypeNamespace ? `${service.errorTypeNamespace}#${error.code}` : error.code
  return { __type: type, [service.errorMessageKey ?? 'message']: error.message, ...error.fields }
}

function unknownOperationMessage(target: string): string {
  return `Operation ${target} is not supported by this service endpoint.`
}
