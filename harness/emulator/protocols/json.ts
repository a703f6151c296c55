/** awsJson1_1: `X-Amz-Target: <targetPrefix>.<Operation>`, JSON in and out, `__type` errors. */
import { AwsError } from '../core/errors.js'
import { targetPrefixesOf } from '../core/target-prefixes.js'
import type { ServiceDefinition } from '../core/types.js'
import { parseJsonObject, stringifyAwsJson } from './json-body.js'
import { headerValue, type IncomingRequest, type ProtocolCodec, type WireResponse } from './types.js'

const CONTENT_TYPE = 'application/x-amz-json-1.1'

function targetOperation(request: IncomingRequest): string | undefined {
  const target = headerValue(request, 'x-amz-target')
  if (!target) return undefined
  const dot = target.lastIndexOf('.')
  return dot < 0 ? target : target.slice(dot + 1)
}

function response(status: number, requestId: string, body: string, extra: Record<string, string> = {}): WireResponse {
  return { status, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId, ...extra }, body }
}

export const jsonProtocol: ProtocolCodec = {
  peekOperation: (request) => targetOperation(request),

  parseRequest(request, service) {
    const target = headerValue(request, 'x-amz-target') ?? ''
    const operation = targetOperation(request) ?? ''
    const prefixMatches = targetPrefixesOf(service).some((prefix) => target === `${prefix}.${operation}`)
    if (!operation || !prefixMatches || !Object.hasOwn(service.operations, operation)) {
      throw new AwsError('UnknownOperationException', unknownOperationMessage(target || '(missing X-Amz-Target)'))
    }
    return { operation, params: parseJsonObject(request.body) }
  },

  serializeOutput(output, _operation, _service, requestId) {
    return response(200, requestId, stringifyAwsJson(output))
  },

  serializeError(error, service, requestId) {
    return response(error.status, requestId, stringifyAwsJson(jsonErrorBody(error, service)))
  },
}

export function jsonErrorBody(error: AwsError, service: ServiceDefinition): Record<string, unknown> {
  return { __type: error.code, [service.errorMessageKey ?? 'message']: error.message, ...error.fields }
}

function unknownOperationMessage(target: string): string {
  return `Operation ${target} is not supported by this service endpoint.`
}
