/**
 * S3's route table, generated from the operation schemas @aws-sdk/client-s3 ships (each `X$`
 * operation schema carries its HTTP binding, e.g. PutBucketTagging: `["PUT", "/?tagging", 200]`),
 * so every S3 operation is recognised by name, served or not, without hand-writing 112 routes.
 * Chosen over hand-written routes because the SDK's schema is the same model AWS publishes and stays
 * current with the installed SDK; loaded lazily (about 170 ms) on the first S3 request.
 * Request members and XML outputs stay hand-written per served operation: they are few, and S3
 * binds members to headers, the host and the path in ways a generic binder would mostly special-case.
 */
import type { IncomingRequest } from '../../protocols/types.js'
import { s3Address } from './addressing.js'

interface Route {
  operation: string
  method: string
  /** 'bucket' for `/`, 'object' for `/{Key+}`. */
  target: 'bucket' | 'object'
  /** Literal query members the binding requires (`tagging`, `list-type=2`); x-id is kept apart. */
  query: Array<[string, string | undefined]>
  xId?: string
}

let routes: Route[] | undefined

type OperationSchema = [number, string, string, { http?: [string, string, number] }]

function toRoute(schema: OperationSchema): Route | undefined {
  const http = schema[3]?.http
  if (!http) return undefined
  const [method, uri] = http
  const [path = '', search = ''] = uri.split('?')
  const query: Route['query'] = []
  let xId: string | undefined
  for (const part of search.split('&').filter(Boolean)) {
    const [name = '', value] = part.split('=')
    if (name === 'x-id') xId = value
    else query.push([name, value])
  }
  return { operation: schema[2], method, target: path.startsWith('/{Key') ? 'object' : 'bucket', query, xId }
}

export async function loadS3Routes(): Promise<void> {
  if (routes) return
  const s3 = (await import('@aws-sdk/client-s3')) as unknown as Record<string, unknown>
  routes = Object.entries(s3)
    .filter(([name, value]) => name.endsWith('$') && Array.isArray(value) && value[0] === 9)
    .map(([, value]) => toRoute(value as OperationSchema))
    .filter((route): route is Route => route !== undefined)
}

function matches(route: Route, request: IncomingRequest, target: Route['target']): boolean {
  if (route.method !== request.method.toUpperCase() || route.target !== target) return false
  const xId = request.query.get('x-id')
  if (xId !== null && route.xId !== undefined && xId !== route.xId) return false
  return route.query.every(
    ([name, value]) => request.query.has(name) && (value === undefined || request.query.get(name) === value),
  )
}

/** The operation a request addresses: the matching route with the most specific query wins. */
export function resolveS3Operation(request: IncomingRequest): string | undefined {
  const { bucket, key } = s3Address(request)
  if (!bucket) {
    const xId = request.query.get('x-id')
    return request.method.toUpperCase() === 'GET' ? (xId ?? 'ListBuckets') : undefined
  }
  const target = key ? 'object' : 'bucket'
  const candidates = (routes ?? []).filter((route) => matches(route, request, target))
  // Most query members first; among equals, routes without an x-id (botocore never sends x-id).
  candidates.sort(
    (a, b) => b.query.length - a.query.length || Number(a.xId !== undefined) - Number(b.xId !== undefined),
  )
  const xId = request.query.get('x-id')
  return (xId ? candidates.find((route) => route.xId === xId) : undefined)?.operation ?? candidates[0]?.operation
}
