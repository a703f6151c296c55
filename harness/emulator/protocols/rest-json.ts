/**
 * restJson1: route by `METHOD /path` (Account's restRoutes) or by a schema-generated table with path labels
 * (Lambda's matchRoute), JSON bodies, `x-amzn-ErrorType` errors.
 */
import { AwsError } from '../core/errors.js'
import type { ServiceDefinition } from '../core/types.js'
import { jsonErrorBody } from './json.js'
import { parseJsonObject, stringifyAwsJson } from './json-body.js'
import type { IncomingRequest, ProtocolCodec, WireResponse } from './types.js'

function routeKey(request: IncomingRequest): string {
  const path = request.rawPath.length > 1 ? request.rawPath.replace(/\/+$/, '') : request.rawPath
  return `${request.method.toUpperCase()} ${path}`
}

function route(request: IncomingRequest, service: ServiceDefinition): string | undefined {
  if (service.matchRoute) return service.matchRoute(request)?.operation
  const routes = service.restRoutes ?? {}
  const key = routeKey(request)
  return Object.hasOwn(routes, key) ? routes[key] : undefined
}

function response(status: number, requestId: string, body: string, extra: Record<string, string> = {}): WireResponse {
  return { status, headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...extra }, body }
}

export const restJsonProtocol: ProtocolCodec = {
  peekOperation: route,

  parseRequest(request, service) {
    const operation = route(request, service)
    if (!operation || !Object.hasOwn(service.operations, operation)) {
      throw new AwsError('UnknownOperationException', `Operation ${operation ?? routeKey(request)} is not supported.`, {
        status: 404,
      })
    }
    const params = parseJsonObject(request.body)
    for (const key of new Set(request.query.keys())) {
      const values = request.query.getAll(key)
      if (!(key in params)) params[key] = values.length > 1 ? values : values[0]
    }
    Object.assign(params, service.matchRoute?.(request)?.labels)
    return { operation, params }
  },

  serializeOutput(output, operation, service, requestId) {
    const status = service.successStatus?.[operation] ?? 200
    return response(status, requestId, output === undefined || output === null ? '' : stringifyAwsJson(output))
  },

  serializeError(error, service, requestId) {
    const { __type: _ignored, ...body } = jsonErrorBody(error, service)
    return response(error.status, requestId, stringifyAwsJson(body), { 'x-amzn-errortype': error.code })
  },
}
