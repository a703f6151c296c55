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
  /**
   * What the input requires beyond the path: httpQuery members (UploadPart's `partNumber`, `uploadId`) and
   * headers, lower case (CopyObject's `x-amz-copy-source`). They rank routes, never rule one out: a request
   * that lacks one is still that operation (`DELETE /b?analytics` without `id`), which AWS refuses as such.
   */
  required: { query: string[]; headers: string[] }
  xId?: string
}

let routes: Route[] | undefined

type MemberTraits = number | { httpQuery?: string; httpHeader?: string }
/** A structure schema: [3, namespace, name, traits, member names, [schema, traits] per member, required count]. */
type StructureSchema = [number, string, string, unknown, string[], Array<[unknown, MemberTraits]>, number?]
type OperationSchema = [
  number,
  string,
  string,
  { http?: [string, string, number] },
  StructureSchema | (() => StructureSchema) | null,
]

/**
 * The HTTP bindings of the input's required members (the schema lists them first, then their count):
 * without the JS SDK's x-id, as botocore and the AWS CLI send, they are what tells PutObject from
 * CopyObject (x-amz-copy-source) and from UploadPart (partNumber, uploadId) on the same `PUT /{Key+}`.
 */
function requiredBindings(schema: OperationSchema): { query: string[]; headers: string[] } {
  const input = typeof schema[4] === 'function' ? schema[4]() : schema[4]
  const bound = { query: [] as string[], headers: [] as string[] }
  if (!Array.isArray(input)) return bound
  const [, , , , names = [], members = [], required = 0] = input
  for (let i = 0; i < Math.min(required, names.length); i++) {
    const traits = members[i]?.[1]
    if (typeof traits !== 'object' || traits === null) continue
    if (traits.httpQuery) bound.query.push(traits.httpQuery)
    if (traits.httpHeader) bound.headers.push(traits.httpHeader.toLowerCase())
  }
  return bound
}

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
  const required = requiredBindings(schema)
  required.query = required.query.filter((name) => !query.some(([literal]) => literal === name))
  const target = path.startsWith('/{Key') ? 'object' : 'bucket'
  return { operation: schema[2], method, target, query, required, xId }
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

/** How many of the route's required query members and headers the request carries, and whether it has them all. */
function requiredPresent(route: Route, request: IncomingRequest): { all: boolean; count: number } {
  const present =
    route.required.query.filter((name) => request.query.has(name)).length +
    route.required.headers.filter((name) => request.headers[name] !== undefined).length
  return { all: present === route.required.query.length + route.required.headers.length, count: present }
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
  // Most literal query members first; then routes whose required members are all there, the most of them
  // first (PutObject, then CopyObject given x-amz-copy-source); then routes without an x-id (botocore sends none).
  const rank = new Map(candidates.map((route) => [route, requiredPresent(route, request)]))
  candidates.sort(
    (a, b) =>
      b.query.length - a.query.length ||
      Number(rank.get(b)!.all) - Number(rank.get(a)!.all) ||
      rank.get(b)!.count - rank.get(a)!.count ||
      Number(a.xId !== undefined) - Number(b.xId !== undefined),
  )
  const xId = request.query.get('x-id')
  return (xId ? candidates.find((route) => route.xId === xId) : undefined)?.operation ?? candidates[0]?.operation
}
