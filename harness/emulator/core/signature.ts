/**
 * SigV4 verification with the maintained signer: rebuild the request from only the headers the
 * client signed, sign it again with the stored secret at the client's X-Amz-Date, compare.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { SignatureV4 } from '@smithy/signature-v4'
import type { IncomingRequest } from '../protocols/types.js'
import type { CredentialRecord } from './state.js'

type SignerModules = [
  typeof import('@smithy/hash-node'),
  typeof import('@smithy/protocol-http'),
  typeof import('@smithy/signature-v4'),
]
let signerModules: Promise<SignerModules> | undefined

/**
 * The signer loads on first use (or when the server starts listening, see server.ts), not with the
 * emulator's modules: `harness emulator start` is ready without waiting for it.
 */
export function loadSigner(): Promise<SignerModules> {
  signerModules ??= Promise.all([
    import('@smithy/hash-node'),
    import('@smithy/protocol-http'),
    import('@smithy/signature-v4'),
  ])
  return signerModules
}

export interface SignatureHeader {
  accessKeyId: string
  /** Credential scope parts. */
  date: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
}

const AUTH_PATTERN =
  /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})\s*$/

/** Parses `AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`; undefined when malformed. */
export function parseAuthorization(header: string): SignatureHeader | undefined {
  const match = AUTH_PATTERN.exec(header)
  if (!match) return undefined
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match
  return {
    accessKeyId: accessKeyId!,
    date: date!,
    region: region!,
    service: service!,
    signedHeaders: signedHeaders!.split(';'),
    signature: signature!,
  }
}

/** `20240101T120000Z` → Date; undefined when malformed. */
export function parseAmzDate(value: string | undefined): Date | undefined {
  const match = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null
  if (!match) return undefined
  const [, y, mo, d, h, mi, s] = match.map(Number) as number[]
  return new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!))
}

/** One signer per credential and scope, so the library's derived-key cache is reused across requests. */
const signers = new WeakMap<CredentialRecord, Map<string, SignatureV4>>()

function signerFor(
  [{ Hash }, , { SignatureV4 }]: SignerModules,
  record: CredentialRecord,
  region: string,
  service: string,
): SignatureV4 {
  let byScope = signers.get(record)
  if (!byScope) {
    byScope = new Map()
    signers.set(record, byScope)
  }
  const key = `${region}/${service}`
  let signer = byScope.get(key)
  if (!signer) {
    signer = new SignatureV4({
      credentials: {
        accessKeyId: record.accessKeyId,
        secretAccessKey: record.secretAccessKey,
        sessionToken: record.sessionToken,
      },
      region,
      service,
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: false,
      // S3 signs the path as sent (encoded once); every other service URI-encodes it again (SigV4 docs).
      uriEscapePath: service !== 's3',
    })
    byScope.set(key, signer)
  }
  return signer
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [key, value] of query) {
    const existing = out[key]
    if (existing === undefined) out[key] = value
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return out
}

/** A claimed `x-amz-content-sha256` must be the body's hash, or the signature would not cover the body. */
function payloadHashMatches(request: IncomingRequest): boolean {
  const claimed = request.headers['x-amz-content-sha256']
  if (claimed === undefined || claimed === 'UNSIGNED-PAYLOAD') return true
  return claimed === createHash('sha256').update(request.body).digest('hex')
}

export async function verifySignature(
  request: IncomingRequest,
  auth: SignatureHeader,
  record: CredentialRecord,
  signingDate: Date,
): Promise<boolean> {
  if (!payloadHashMatches(request)) return false
  const headers: Record<string, string> = {}
  for (const name of auth.signedHeaders) {
    const value = request.headers[name]
    if (value === undefined) return false
    headers[name] = Array.isArray(value) ? value.join(',') : value
  }
  const modules = await loadSigner()
  const HttpRequest = modules[1].HttpRequest
  const toSign = new HttpRequest({
    method: request.method,
    protocol: 'http:',
    hostname: 'emulator',
    // The path as sent (encoded once): SigV4 encodes it again for every service but S3 (uriEscapePath above),
    // so a Lambda ARN label (`/tags/arn%3Aaws%3A…`) is canonicalised as clients sign it.
    path: request.rawPath,
    query: queryRecord(request.query),
    headers,
    body: request.body,
  })
  const signed = await signerFor(modules, record, auth.region, auth.service).sign(toSign, {
    signingDate,
    signableHeaders: new Set(auth.signedHeaders),
  })
  const expected = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1] ?? ''
  return (
    expected.length === auth.signature.length && timingSafeEqual(Buffer.from(expected), Buffer.from(auth.signature))
  )
}
