/** What every wire protocol does: read an operation and its params, write outputs and errors. */
import type { AwsError } from '../core/errors.js'
import type { ServiceDefinition } from '../core/types.js'

/** The parts of an HTTP request the protocols and the signature check read. */
export interface IncomingRequest {
  method: string
  /** Path without the query string, still percent-encoded. */
  rawPath: string
  query: URLSearchParams
  /** Lower-cased header names. */
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

export interface ParsedOperation {
  operation: string
  params: Record<string, any>
}

export interface WireResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export interface ProtocolCodec {
  /** Cheap look at the operation name (for audit records of requests that fail before parsing). */
  peekOperation(request: IncomingRequest, service: ServiceDefinition): string | undefined
  /** Throws AwsError for a request this protocol's front end refuses before authentication (awsJson's Content-Type). */
  checkFraming?(request: IncomingRequest, service: ServiceDefinition): void
  /** Throws AwsError (unknown operation, unreadable body) in this protocol's terms. */
  parseRequest(request: IncomingRequest, service: ServiceDefinition): ParsedOperation
  serializeOutput(output: unknown, operation: string, service: ServiceDefinition, requestId: string): WireResponse
  /** `request` lets protocols shape errors by method (S3 answers HEAD errors without a body). */
  serializeError(
    error: AwsError,
    service: ServiceDefinition,
    requestId: string,
    request?: IncomingRequest,
  ): WireResponse
}

export function headerValue(request: IncomingRequest, name: string): string | undefined {
  const value = request.headers[name]
  return Array.isArray(value) ? value[0] : value
}
