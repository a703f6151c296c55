/**
 * Who is calling: parse the SigV4 Authorization header, find the access key, check the session
 * token and its expiry, verify the signature. Failures are the errors AWS returns in the protocol.
 */
import { headerValue, type IncomingRequest } from '../protocols/types.js'
import {
  expiredTokenError,
  incompleteSignatureError,
  invalidTokenError,
  missingAuthenticationError,
  presignedUnsupportedError,
  signatureMismatchError,
} from './auth-errors.js'
import { assertRequestTime } from './request-time.js'
import { parseAmzDate, parseAuthorization, type SignatureHeader, verifySignature } from './signature.js'
import type { CredentialRecord, EmulatorState } from './state.js'
import type { Caller, Protocol } from './types.js'

export interface Authenticated {
  caller: Caller
  credential: CredentialRecord
  scope: SignatureHeader
}

/** The credential scope without verifying anything (routing needs the service before the protocol is known). */
export function readCredentialScope(request: IncomingRequest): SignatureHeader | undefined {
  const header = headerValue(request, 'authorization')
  return header ? parseAuthorization(header) : undefined
}

/** Who and where a request is for, from the Authorization header or, failing that, a presigned URL's query. */
export type CredentialScope = Pick<SignatureHeader, 'accessKeyId' | 'region' | 'service'>

const PRESIGNED_CREDENTIAL = /^([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request$/

/** A presigned URL's `X-Amz-Credential` scope (the emulator routes it, then refuses it: see authenticate). */
export function readPresignedScope(request: IncomingRequest): CredentialScope | undefined {
  const match = PRESIGNED_CREDENTIAL.exec(request.query.get('X-Amz-Credential') ?? '')
  return match ? { accessKeyId: match[1]!, region: match[2]!, service: match[3]! } : undefined
}

function isPresigned(request: IncomingRequest): boolean {
  return request.query.has('X-Amz-Algorithm') || request.query.has('X-Amz-Credential')
}

export function authenticate(
  state: EmulatorState,
  request: IncomingRequest,
  protocol: Protocol,
  now: Date,
): Authenticated {
  const header = headerValue(request, 'authorization')
  if (!header) throw isPresigned(request) ? presignedUnsupportedError(protocol) : missingAuthenticationError(protocol)
  const scope = parseAuthorization(header)
  if (!scope)
    throw incompleteSignatureError(
      protocol,
      `Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.`,
    )
  const amzDate = headerValue(request, 'x-amz-date')
  const signingDate = parseAmzDate(amzDate)
  if (amzDate === undefined && headerValue(request, 'date'))
    // AWS also takes a signing date from the Date header (rare: SDKs and the CLI send X-Amz-Date); this
    // emulator does not verify such signatures, and says so rather than quote AWS's "requires either".
    throw incompleteSignatureError(
      protocol,
      `The harness emulator verifies SigV4 signatures dated by the 'X-Amz-Date' header; this request has only a 'Date' header.`,
    )
  if (!signingDate)
    throw incompleteSignatureError(
      protocol,
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.`,
    )
  // Against the real clock, not `now` (simulated): clients sign with the machine's time.
  assertRequestTime(signingDate, amzDate!, protocol, scope.service)

  const credential = state.credentials.get(scope.accessKeyId)
  if (!credential) throw invalidTokenError(protocol)
  const token = headerValue(request, 'x-amz-security-token')
  if ((credential.sessionToken ?? undefined) !== (token || undefined)) throw invalidTokenError(protocol)
  if (!verifySignature(request, scope, credential, signingDate)) throw signatureMismatchError(protocol)
  if (credential.expiresAt && credential.expiresAt.getTime() <= now.getTime()) throw expiredTokenError(protocol)
  return { caller: credential.caller, credential, scope }
}
