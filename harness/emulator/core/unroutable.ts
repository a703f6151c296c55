/**
 * The answer for requests no emulated service claims. A signed request for a service the emulator
 * does not serve is answered in the protocol the client spoke (X-Amz-Target → awsJson, a form with
 * `Action` → awsQuery, anything else → restJson1), naming the operation and the permission real AWS
 * would check, so its SDK can parse the error (core/unserved.ts). Unsigned requests get AWS's
 * MissingAuthenticationToken.
 */
import { readForm } from '../protocols/form.js'
import { codecFor } from '../protocols/index.js'
import { headerValue, type IncomingRequest, type WireResponse } from '../protocols/types.js'
import { loadAllServices } from '../services/index.js'
import type { Protocol, ServiceDefinition } from './types.js'
import { unservedOperationError } from './unserved.js'

export async function unroutableResponse(
  request: IncomingRequest,
  scopeService: string | undefined,
  requestId: string,
): Promise<WireResponse> {
  if (!scopeService) return missingAuthentication(request, requestId, [...(await loadAllServices()).keys()])
  const { protocol, operation } = guessProtocol(request)
  const service: ServiceDefinition = {
    signingName: scopeService,
    iamPrefix: scopeService,
    eventSource: `${scopeService}.amazonaws.com`,
    protocol,
    errorMessageKey: 'message',
    operations: {},
  }
  const error = await unservedOperationError({
    protocol,
    iamPrefix: scopeService,
    operation,
    requestLine: `${request.method.toUpperCase()} ${request.rawPath}`,
  })
  const response = codecFor(protocol).serializeError(error, service, requestId)
  const contentType = headerValue(request, 'content-type')
  // awsJson1_0 clients (SQS, DynamoDB) send and expect application/x-amz-json-1.0.
  if (protocol === 'json' && contentType?.startsWith('application/x-amz-json-')) {
    response.headers['content-type'] = contentType
  }
  return response
}

function guessProtocol(request: IncomingRequest): { protocol: Protocol; operation?: string } {
  const target = headerValue(request, 'x-amz-target')
  if (target) return { protocol: 'json', operation: target.slice(target.lastIndexOf('.') + 1) || undefined }
  const action = readForm(request.body, request.query).get('Action')
  if (action) return { protocol: 'query', operation: action }
  return { protocol: 'rest-json' }
}

function missingAuthentication(request: IncomingRequest, requestId: string, services: string[]): WireResponse {
  const served = services.join(', ')
  const message = `Missing Authentication Token: ${request.method} ${request.rawPath} is not an emulated AWS API (sign requests with SigV4; served: ${served}).`
  return {
    status: 403,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: 'MissingAuthenticationTokenException', message }),
  }
}
