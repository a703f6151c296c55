/**
 * REST route tables generated from the operation schemas the AWS SDK v3 clients ship: each `X$`
 * operation schema carries its HTTP binding, e.g. Lambda GetFunction
 * `["GET", "/2015-03-31/functions/{FunctionName}", 200]`. A table matches a request to its operation
 * and path labels, so a REST service is routed from the same model AWS publishes instead of
 * hand-written paths, and an operation the emulator does not serve is still named.
 * (S3 has its own variant in services/s3/routes.ts: its bucket lives in the host or the first segment.)
 */
import type { IncomingRequest } from './types.js'

interface RestRoute {
  operation: string
  method: string
  /** Path segments: literal text, or a label `{Name}` / greedy `{Name+}`. */
  segments: string[]
  /** Literal query members the binding requires. */
  query: Array<[string, string | undefined]>
}

export interface RouteMatch {
  operation: string
  labels: Record<string, string>
}

type OperationSchema = [number, string, string, { http?: [string, string, number] }]

/** The routes of every operation schema an SDK client module exports. */
export function buildRestRoutes(module: Record<string, unknown>): RestRoute[] {
  const routes: RestRoute[] = []
  for (const [name, value] of Object.entries(module)) {
    if (!name.endsWith('$') || !Array.isArray(value) || value[0] !== 9) continue
    const http = (value as OperationSchema)[3]?.http
    if (!http) continue
    const [path = '', search = ''] = http[1].split('?')
    const query = search
      .split('&')
      .filter(Boolean)
      .map((part) => part.split('=') as [string, string | undefined])
    routes.push({
      operation: (value as OperationSchema)[2],
      method: http[0],
      segments: path.split('/').filter(Boolean),
      query,
    })
  }
  return routes
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

function matchSegments(route: RestRoute, parts: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {}
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i]!
    const label = /^\{(.+?)(\+)?\}$/.exec(segment)
    if (label?.[2]) {
      if (i >= parts.length) return undefined
      labels[label[1]!] = parts.slice(i).map(decode).join('/')
      return labels
    }
    const part = parts[i]
    if (part === undefined) return undefined
    if (label) labels[label[1]!] = decode(part)
    else if (part !== segment) return undefined
  }
  return parts.length === route.segments.length ? labels : undefined
}

/** The operation and labels of the most specific matching route (most literal segments, then query members). */
export function matchRestRoute(routes: readonly RestRoute[], request: IncomingRequest): RouteMatch | undefined {
  const parts = request.rawPath.split('/').filter(Boolean)
  let best: { route: RestRoute; labels: Record<string, string>; score: number } | undefined
  for (const route of routes) {
    if (route.method !== request.method.toUpperCase()) continue
    if (
      !route.query.every(
        ([name, value]) => request.query.has(name) && (value === undefined || request.query.get(name) === value),
      )
    )
      continue
    const labels = matchSegments(route, parts)
    if (!labels) continue
    const score = (route.segments.length - Object.keys(labels).length) * 10 + route.query.length
    if (!best || score > best.score) best = { route, labels, score }
  }
  return best ? { operation: best.route.operation, labels: best.labels } : undefined
}
