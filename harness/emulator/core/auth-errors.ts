/**
 * How AWS rejects credentials, per protocol. JSON services say UnrecognizedClientException and
 * InvalidSignatureException, query services (STS, IAM) InvalidClientTokenId and SignatureDoesNotMatch,
 * EC2 AuthFailure for both; see shared/aws-facts.md §2.
 */
import { AwsError } from './errors.js'
import type { Protocol } from './types.js'

const INVALID_TOKEN = 'The security token included in the request is invalid.'
const EXPIRED_TOKEN = 'The security token included in the request is expired'
const MISSING_TOKEN = 'Request is missing Authentication Token'
const EC2_AUTH_FAILURE = 'AWS was not able to validate the provided access credentials'
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

/** Unknown access key, wrong or missing session token, disabled region, v1 token in an opt-in region. */
/** S3's own texts (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html#ErrorCodeList). */
const S3_INVALID_KEY = 'The AWS Access Key Id you provided does not exist in our records.'

export function invalidTokenError(protocol: Protocol): AwsError {
  if (protocol === 'rest-xml') return new AwsError('InvalidAccessKeyId', S3_INVALID_KEY, { status: 403 })
  if (protocol === 'ec2') return new AwsError('AuthFailure', EC2_AUTH_FAILURE, { status: 401 })
  if (protocol === 'query') return new AwsError('InvalidClientTokenId', INVALID_TOKEN, { status: 403 })
  return new AwsError('UnrecognizedClientException', INVALID_TOKEN, { status: jsonStatus(protocol) })
}

/** awsJson services answer credential failures with 400; restJson1 (API Gateway fronted) with 403. */
function jsonStatus(protocol: Protocol): number {
  return protocol === 'rest-json' ? 403 : 400
}

export function signatureMismatchError(protocol: Protocol): AwsError {
  if (protocol === 'rest-xml') return new AwsError('SignatureDoesNotMatch', SIGNATURE_MISMATCH, { status: 403 })
  if (protocol === 'ec2') return new AwsError('AuthFailure', EC2_AUTH_FAILURE, { status: 401 })
  if (protocol === 'query') return new AwsError('SignatureDoesNotMatch', SIGNATURE_MISMATCH, { status: 403 })
  return new AwsError('InvalidSignatureException', SIGNATURE_MISMATCH, { status: jsonStatus(protocol) })
}

export function expiredTokenError(protocol: Protocol): AwsError {
  if (protocol === 'ec2') return new AwsError('RequestExpired', 'Request has expired.', { status: 400 })
  if (protocol === 'query') return new AwsError('ExpiredToken', EXPIRED_TOKEN, { status: 403 })
  if (protocol === 'rest-xml') return new AwsError('ExpiredToken', 'The provided token has expired.', { status: 400 })
  return new AwsError('ExpiredTokenException', EXPIRED_TOKEN, { status: jsonStatus(protocol) })
}

/**
 * No Authorization header: query services answer 403 and awsJson ones 400, both "Request is missing
 * Authentication Token" (FACTS.md); restJson1 403 with API Gateway's "Missing Authentication Token".
 */
export function missingAuthenticationError(protocol: Protocol): AwsError {
  if (protocol === 'rest-xml') return new AwsError('AccessDenied', 'Access Denied', { status: 403 })
  if (protocol === 'ec2') return new AwsError('AuthFailure', EC2_AUTH_FAILURE, { status: 401 })
  if (protocol === 'query') return new AwsError('MissingAuthenticationToken', MISSING_TOKEN, { status: 403 })
  if (protocol === 'json') return new AwsError('MissingAuthenticationTokenException', MISSING_TOKEN, { status: 400 })
  return new AwsError('MissingAuthenticationTokenException', 'Missing Authentication Token', { status: 403 })
}

const PRESIGNED_UNSUPPORTED =
  'The harness emulator does not support presigned URLs (SigV4 query-string authentication, X-Amz-Algorithm in the query string); send the request signed with an Authorization header.'

/** A presigned URL: a known gap, said as one, in the service's protocol (S3: its code for unimplemented functionality). */
export function presignedUnsupportedError(protocol: Protocol): AwsError {
  if (protocol === 'rest-xml') return new AwsError('NotImplemented', PRESIGNED_UNSUPPORTED, { status: 501 })
  return incompleteSignatureError(protocol, PRESIGNED_UNSUPPORTED)
}

export function incompleteSignatureError(protocol: Protocol, detail: string): AwsError {
  if (protocol === 'ec2') return new AwsError('AuthFailure', EC2_AUTH_FAILURE, { status: 401 })
  return new AwsError('IncompleteSignatureException', detail, {
    status: protocol === 'query' ? 403 : jsonStatus(protocol),
  })
}
