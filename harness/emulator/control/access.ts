/**
 * Who may use the control API. It can reset the emulator, move its clock and inject faults, so:
 * - every mutation (anything but GET/HEAD) carries the per-process token as `Authorization: Bearer <token>`;
 * - requests a browser sends for a web page (an Origin header, Sec-Fetch-Site other than none) are refused,
 *   so a page the user visits cannot drive it, even with a "simple" text/plain POST;
 * - mutations must be `application/json` (which a cross-origin page cannot send without a preflight);
 * - on a loopback listener the Host header must name loopback too, which defeats DNS rebinding.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'

export const CONTROL_TOKEN_HEADER = 'authorization'

export interface ControlAccess {
  token: string
  /** The listener is bound to a loopback address: Host must be loopback as well. */
  loopback: boolean
}

export interface AccessDenied {
  status: 401 | 403 | 415
  error: string
}

export function newControlToken(): string {
  return randomBytes(24).toString('base64url')
}

/** 127.0.0.0/8, ::1 and localhost: the only addresses the emulator binds without an explicit opt-in. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127(?:\.\d{1,3}){3}$/.test(bare)
}

/** The headers a caller sends with every control mutation. */
export function controlHeaders(token: string): Record<string, string> {
  return { 'content-type': 'application/json', [CONTROL_TOKEN_HEADER]: `Bearer ${token}` }
}

export function checkControlAccess(
  access: ControlAccess,
  method: string,
  headers: IncomingHttpHeaders,
): AccessDenied | undefined {
  if (access.loopback && !isLoopbackHost(hostnameOf(headers.host ?? ''))) {
    return { status: 403, error: 'Host header must name a loopback address (127.0.0.1, ::1 or localhost)' }
  }
  const fetchSite = headers['sec-fetch-site']
  if (headers.origin !== undefined || (fetchSite !== undefined && fetchSite !== 'none')) {
    return { status: 403, error: 'Cross-origin requests to the control API are refused' }
  }
  if (method === 'GET' || method === 'HEAD') return undefined
  if (!isJson(headers['content-type'])) {
    return { status: 415, error: 'Control API requests must be sent as Content-Type: application/json' }
  }
  if (!tokenMatches(access.token, headers[CONTROL_TOKEN_HEADER])) {
    return {
      status: 401,
      error:
        'Missing or wrong control token: send "Authorization: Bearer <token>" with the token `harness emulator start` printed and wrote to its token file',
    }
  }
  return undefined
}

function hostnameOf(host: string): string {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1)
  return host.replace(/:\d*$/, '')
}

function isJson(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json'
}

function tokenMatches(expected: string, header: string | undefined): boolean {
  const presented = /^Bearer (\S+)$/i.exec(header ?? '')?.[1]
  if (!presented) return false
  const a = Buffer.from(presented)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}
