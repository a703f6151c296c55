/**
 * restXml as S3 speaks it: the operation comes from method + path + query (the service's
 * `resolveOperation`, built from the SDK's schema), the bucket from the virtual host or the first
 * path segment (services/s3/addressing.ts does that), XML bodies in and out, and errors as
 * `<Error><Code/><Message/>…<RequestId/></Error>` with no body for HEAD requests
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#RESTErrorResponses).
 * Handlers return a RestXmlOutput so they control status, headers and the XML document.
 */
import { AwsError } from '../core/errors.js'
import type { ServiceDefinition } from '../core/types.js'
import type { IncomingRequest, ProtocolCodec, WireResponse } from './types.js'
import { escapeXml, toXml, XML_DECLARATION } from './xml.js'

export interface RestXmlOutput {
  status?: number
  headers?: Record<string, string>
  /** Root element name and content (written with toXml); absent for empty bodies. */
  document?: { root: string; content: unknown; xmlns?: string }
}

/** Host id S3 sends beside the request id; ours is a fixed marker, not a secret. */
const HOST_ID = 'harness-emulator'

function isHead(request: IncomingRequest | undefined): boolean {
  return request?.method.toUpperCase() === 'HEAD'
}

export const restXmlProtocol: ProtocolCodec = {
  peekOperation: (request, service) => service.resolveOperation?.(request),

  parseRequest(request, service) {
    const operation = service.resolveOperation?.(request)
    if (!operation || !Object.hasOwn(service.operations, operation)) {
      throw new AwsError('NotImplemented', 'A header you provided implies functionality that is not implemented', {
        status: 501,
      })
    }
    // Handlers read the request itself (bucket, key, headers, XML body): S3 binds members to all of them.
    // It is non-enumerable so audit records and CloudTrail (which copy params) never see its headers.
    const params: Record<string, any> = Object.fromEntries(request.query)
    Object.defineProperty(params, '$request', { value: request, enumerable: false })
    return { operation, params }
  },

  serializeOutput(output, _operation, _service, requestId) {
    const result = (output ?? {}) as RestXmlOutput
    const headers = { 'x-amz-request-id': requestId, 'x-amz-id-2': HOST_ID, ...result.headers }
    if (!result.document) return { status: result.status ?? 200, headers, body: '' }
    const { root, content, xmlns } = result.document
    const open = xmlns ? `<${root} xmlns="${xmlns}">` : `<${root}>`
    return {
      status: result.status ?? 200,
      headers: { ...headers, 'content-type': 'application/xml' },
      body: `${XML_DECLARATION}\n${open}${toXml(content, 'member')}</${root}>`,
    }
  },

  serializeError(error, _service: ServiceDefinition, requestId, request): WireResponse {
    const headers: Record<string, string> = { 'x-amz-request-id': requestId, 'x-amz-id-2': HOST_ID }
    if (isHead(request)) return { status: error.status, headers, body: '' }
    const body =
      `${XML_DECLARATION}\n<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
      `${toXml(error.fields, 'member')}<RequestId>${requestId}</RequestId><HostId>${HOST_ID}</HostId></Error>`
    return { status: error.status, headers: { ...headers, 'content-type': 'application/xml' }, body }
  },
}
