/**
 * A request body over the emulator's own limit, refused before it is read (server.ts). The answer is in
 * the protocol of the service the request's SigV4 scope names (S3's `<Error>`, JSON's `__type`, …), as
 * any error of that service is, so the client's SDK reads a named error with the limit in its message
 * instead of failing to parse the body. The limit and the code are the emulator's own ("ours" in
 * FACTS.md): AWS's limits differ per service and operation.
 */
import { codecFor } from '../protocols/index.js'
import type { IncomingRequest, WireResponse } from '../protocols/types.js'
import { readCredentialScope } from './authenticate.js'
import { AwsError } from './errors.js'
import { newRequestId } from './ids.js'
import { routeToAnyService } from './route-service.js'

export const tooLargeMessage = (limitBytes: number): string =>
  `Request body too large: the harness emulator reads at most ${limitBytes} bytes (${limitBytes / 1024 / 1024} MiB)`

/** `request` without its body (never read): its method, path, query and headers route it. */
export async function tooLargeResponse(request: IncomingRequest, limitBytes: number): Promise<WireResponse> {
  const message = tooLargeMessage(limitBytes)
  const requestId = newRequestId()
  const routed = await routeToAnyService(request, readCredentialScope(request)?.service)
  if (!routed)
    return {
      status: 413,
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId },
      body: JSON.stringify({ __type: 'RequestEntityTooLarge', message }),
    }
  const error = new AwsError('RequestEntityTooLarge', message, { status: 413 })
  return codecFor(routed.service.protocol).serializeError(error, routed.service, requestId, request)
}
