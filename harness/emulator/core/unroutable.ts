/** The answer for requests no emulated service claims: a JSON error naming what was asked for. */
import type { IncomingRequest, WireResponse } from '../protocols/types.js'
import { SERVICES } from '../services/index.js'

export function unroutableResponse(
  request: IncomingRequest,
  scopeService: string | undefined,
  requestId: string,
): WireResponse {
  const served = [...SERVICES.keys()].join(', ')
  const message = scopeService
    ? `The emulator does not serve the service '${scopeService}' (served: ${served}).`
    : `Missing Authentication Token: ${request.method} ${request.rawPath} is not an emulated AWS API (sign requests with SigV4; served: ${served}).`
  const code = scopeService ? 'UnrecognizedServiceException' : 'MissingAuthenticationTokenException'
  return {
    status: scopeService ? 400 : 403,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
    body: JSON.stringify({ __type: code, message }),
  }
}
