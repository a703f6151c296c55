/**
 * SigV4 verification: rebuild the canonical request from the headers the client signed, sign it again
 * with the stored secret at the client's X-Amz-Date, compare. Hand-written on node:crypto (it was
 * @smithy/signature-v4, whose canonical form this reproduces step for step) because it is on every
 * request's path: the library formats dates and derives an HMAC cache key per request, and loading it
 * cost emulator start-up a fifth of its time. The algorithm: "Create a signed AWS API request",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
 */
import { createHmac, createSecretKey, hash, type KeyObject, timingSafeEqual } from 'node:crypto'
import type { IncomingRequest } from '../protocols/types.js'
import type { CredentialRecord } from './state.js'

/** Parsed once per header and shared between its readers, so read-only. */
export interface SignatureHeader {
  readonly accessKeyId: string
  /** Credential scope parts. */
  readonly date: string
  readonly region: string
  readonly service: string
  readonly signedHeaders: readonly string[]
  /** SignedHeaders as written (`host;x-amz-date`), the key of the canonical-header plans below. */
  readonly signedHeadersText: string
  readonly signature: string
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/

/** The last header parsed: routing, authentication and the audit record each read the same request's. */
let lastAuthorization: { header: string; parsed: SignatureHeader | undefined } = { header: '', parsed: undefined }

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; undefined when malformed. */
export function parseAuthorization(header: string): SignatureHeader | undefined {
  if (header === lastAuthorization.header) return lastAuthorization.parsed
  const match = AUTH_PATTERN.exec(header)
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match ?? []
  const parsed = match
    ? {
        accessKeyId: accessKeyId!,
        date: date!,
        region: region!,
        service: service!,
        signedHeaders: signedHeaderNames(signedHeaders!),
        signedHeadersText: signedHeaders!,
        signature: signature!,
      }
    : undefined
  lastAuthorization = { header, parsed }
  return parsed
}

/** SignedHeaders lists split once: a client signs the same list on every request (read-only, so shared). */
const splitLists = new Map<string, readonly string[]>()
const MAX_SPLIT_LISTS = 1_000

function signedHeaderNames(text: string): readonly string[] {
  let names = splitLists.get(text)
  if (!names) {
    names = Object.freeze(text.split(';'))
    if (splitLists.size >= MAX_SPLIT_LISTS) splitLists.clear()
    splitLists.set(text, names)
  }
  return names
}

const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/
/** The last X-Amz-Date parsed: a client signs every request of the same second with the same one. */
let lastAmzDate = { text: '', time: Number.NaN }

/** `20240101T120000Z` → Date; undefined when malformed. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  if (!value) return undefined
  if (value === lastAmzDate.text) return new Date(lastAmzDate.time)
  const match = AMZ_DATE.exec(value)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[]
  const time = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)
  lastAmzDate = { text: value, time }
  return new Date(time)
}

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/**
 * Signing keys per secret, date, region and service: four HMACs saved on every later request. Kept as
 * KeyObjects, which createHmac takes without copying the key into a new one each time.
 */
const signingKeys = new Map<string, KeyObject>()
const MAX_CACHED_KEYS = 10_000

function signingKey(secret: string, shortDate: string, region: string, service: string): KeyObject {
  const cacheKey = `${shortDate}/${region}/${service}/${secret}`
  let key = signingKeys.get(cacheKey)
  if (!key) {
    const hmac = (k: string | Buffer, data: string) => createHmac('sha256', k).update(data).digest()
    key = createSecretKey(hmac(hmac(hmac(hmac(`AWS4${secret}`, shortDate), region), service), 'aws4_request'))
    if (signingKeys.size >= MAX_CACHED_KEYS) signingKeys.clear()
    signingKeys.set(cacheKey, key)
  }
  return key
}

/** RFC 3986 encoding as SigV4 wants it: encodeURIComponent plus ! ' ( ) *. */
const escapeUri = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** The path encoded once more and with `.`/`..`/empty segments normalised; S3 signs the path as sent. */
function canonicalPath(path: string, service: string): string {
  if (service === 's3' || path === '/') return path
  const segments: string[] = []
  for (const segment of path.split('/')) {
    if (segment.length === 0 || segment === '.') continue
    if (segment === '..') segments.pop()
    else segments.push(segment)
  }
  const normalized = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`
  return escapeUri(normalized).replace(/%2F/g, '/')
}

function canonicalQuery(query: URLSearchParams): string {
  if (query.size === 0) return ''
  const byKey = new Map<string, string[]>()
  for (const [key, value] of query) {
    if (key.toLowerCase() === 'x-amz-signature') continue
    const encoded = escapeUri(key)
    const values = byKey.get(encoded) ?? []
    values.push(`${encoded}=${escapeUri(value)}`)
    byKey.set(encoded, values)
  }
  return [...byKey.keys()]
    .sort()
    .map((key) => byKey.get(key)!.sort().join('&'))
    .join('&')
}

/** The last signing date formatted (see lastAmzDate). */
let lastLongDate = { time: Number.NaN, text: '' }

/** `20240101T120000Z`, as the signer formats the signing date. */
function longDateOf(date: Date): string {
  const time = date.getTime()
  if (time === lastLongDate.time) return lastLongDate.text
  const text = date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '')
  lastLongDate = { time, text }
  return text
}

/** A claimed `x-amz-content-sha256` must be the body's hash, or the signature would not cover the body. */
function payloadHashMatches(request: IncomingRequest): boolean {
  const claimed = request.headers['x-amz-content-sha256']
  if (claimed === undefined || claimed === 'UNSIGNED-PAYLOAD') return true
  return claimed === sha256Hex(request.body)
}

/** The headers a signature covers, in canonical order, and their `;`-joined list. */
interface HeaderPlan {
  names: readonly string[]
  signedList: string
  coversContentSha: boolean
}

/**
 * Plans per SignedHeaders text, with and without a session token: a client sends the same list on
 * every request, so the set, sort and join are done once rather than per request.
 */
const headerPlans = { withToken: new Map<string, HeaderPlan>(), withoutToken: new Map<string, HeaderPlan>() }
const MAX_HEADER_PLANS = 1_000

/** As the signer does: the date (and the session's token) are its own, never the client's copies. */
function headerPlan(auth: SignatureHeader, withToken: boolean): HeaderPlan {
  const plans = withToken ? headerPlans.withToken : headerPlans.withoutToken
  let plan = plans.get(auth.signedHeadersText)
  if (!plan) {
    const names = new Set<string>()
    for (const name of auth.signedHeaders) if (name !== 'authorization' && name !== 'date') names.add(name)
    names.add('x-amz-date')
    if (withToken) names.add('x-amz-security-token')
    const sorted = [...names].sort()
    plan = { names: sorted, signedList: sorted.join(';'), coversContentSha: names.has('x-amz-content-sha256') }
    if (plans.size >= MAX_HEADER_PLANS) plans.clear()
    plans.set(auth.signedHeadersText, plan)
  }
  return plan
}

export function verifySignature(
  request: IncomingRequest,
  auth: SignatureHeader,
  record: CredentialRecord,
  signingDate: Date,
): boolean {
  if (!payloadHashMatches(request)) return false
  for (const name of auth.signedHeaders) if (request.headers[name] === undefined) return false
  const longDate = longDateOf(signingDate)
  const token = record.sessionToken || undefined
  const plan = headerPlan(auth, token !== undefined)
  let canonicalHeaders = ''
  for (const name of plan.names) {
    const value =
      name === 'x-amz-date'
        ? longDate
        : name === 'x-amz-security-token' && token !== undefined
          ? token
          : request.headers[name]!
    canonicalHeaders += `${name}:${canonicalHeaderValue(Array.isArray(value) ? value.join(',') : value)}\n`
  }
  const claimedHash = plan.coversContentSha ? request.headers['x-amz-content-sha256'] : undefined
  const payloadHash =
    (Array.isArray(claimedHash) ? claimedHash.join(',') : claimedHash) ??
    (request.body.length === 0 ? EMPTY_SHA256 : sha256Hex(request.body))
  const canonicalRequest = `${request.method}\n${canonicalPath(request.rawPath, auth.service)}\n${canonicalQuery(request.query)}\n${canonicalHeaders}\n${plan.signedList}\n${payloadHash}`
  const shortDate = longDate.slice(0, 8)
  const scope = `${shortDate}/${auth.region}/${auth.service}/aws4_request`
  const stringToSign = `AWS4-HMAC-SHA256\n${longDate}\n${scope}\n${sha256Hex(canonicalRequest)}`
  const key = signingKey(record.secretAccessKey, shortDate, auth.region, auth.service)
  // The claimed signature is 64 lowercase hex digits (AUTH_PATTERN), so comparing the 32 bytes it
  // decodes to is comparing the text, without hex-encoding the digest and copying both texts.
  const expected = createHmac('sha256', key).update(stringToSign).digest()
  const claimed = Buffer.from(auth.signature, 'hex')
  return expected.length === claimed.length && timingSafeEqual(expected, claimed)
}

/** Trimmed, inner runs of whitespace as one space; most values have none to fold. */
const canonicalHeaderValue = (value: string): string => {
  const trimmed = value.trim()
  return /\s\s|[\t\n\r\f\v]/.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed
}

/** node:crypto's one-shot hash (Node ≥ 20.12, below `engines`) builds no Hash object per call. */
const sha256Hex = (data: string | Buffer): string => hash('sha256', data, 'hex')
