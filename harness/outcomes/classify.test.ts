import {
  AccessDeniedException,
  LimitExceededException,
  ResourceAlreadyExistsException,
  ServiceUnavailableException,
  ThrottlingException,
  UnrecognizedClientException,
} from '@aws-sdk/client-cloudwatch-logs'
import { EC2ServiceException } from '@aws-sdk/client-ec2'
import { AccessDeniedException as OrgAccessDenied, TooManyRequestsException } from '@aws-sdk/client-organizations'
import { ExpiredTokenException, RegionDisabledException } from '@aws-sdk/client-sts'
import { ServiceException } from '@smithy/core/client'
import { describe, expect, it } from 'vitest'
import { classifyError, classifySuccess, classifyThrown } from './classify.js'
import { NO_MESSAGE_REASON, noteFailedCall } from './failed-call.js'
import type { FailedOutcome } from './types.js'

const meta = (httpStatusCode: number, attempts = 1) => ({
  httpStatusCode,
  requestId: 'req-0000-1111',
  attempts,
  totalRetryDelay: 0,
})
const ROLE = 'arn:aws:sts::123456789012:assumed-role/harness-minimal/harness-run'
const REPO = 'arn:aws:ecr:ca-central-1:123456789012:repository/harness-repo'

/** An unmodeled error, built the way the SDK's throwDefaultError builds one: base class + wire code as name. */
function unmodeled(name: string, status: number, message: string, fault: 'client' | 'server' = 'client') {
  return new EC2ServiceException({ name, $fault: fault, message, $metadata: meta(status) })
}

/** The error with its call noted, as runtime/step-calls.ts's middleware notes every failed call. */
function noted<E>(error: E, call: string, input: unknown): E {
  noteFailedCall(error, call, input)
  return error
}

function networkError(code: string): Error {
  return Object.assign(new Error(`socket hang up (${code})`), { code })
}

type Expected = Partial<FailedOutcome> & Pick<FailedOutcome, 'kind' | 'errorName'>

const cases: Array<[string, () => unknown, Expected]> = [
  [
    'Logs 2022 tag-on-create: AccessDeniedException with HTTP 400',
    () =>
      new AccessDeniedException({
        message: 'User with accountId: 123456789012 is not authorized to perform CreateLogGroup with Tags',
        $metadata: meta(400),
      }),
    {
      kind: 'denied',
      errorName: 'AccessDeniedException',
      httpStatus: 400,
      requestId: 'req-0000-1111',
      attempts: 1,
      fault: 'client',
      denied: {
        principal: '123456789012',
        operation: 'CreateLogGroup',
        reason: 'tag-on-create',
        actionCandidates: ['logs:TagResource', 'logs:TagLogGroup'],
      },
    },
  ],
  [
    'ECR tag-on-create: AccessDeniedException naming ecr:TagResource',
    () =>
      unmodeled(
        'AccessDeniedException',
        400,
        `User: ${ROLE} is not authorized to perform: ecr:TagResource on resource: ${REPO} because no identity-based policy allows the ecr:TagResource action`,
      ),
    {
      kind: 'denied',
      errorName: 'AccessDeniedException',
      denied: {
        principal: ROLE,
        action: 'ecr:TagResource',
        resource: REPO,
        reason: 'no identity-based policy allows',
        policyType: 'identity-based',
      },
    },
  ],
  [
    'Organizations AccessDeniedException (modeled)',
    () => new OrgAccessDenied({ message: 'You don’t have permissions to access this resource.', $metadata: meta(400) }),
    { kind: 'denied', errorName: 'AccessDeniedException', denied: {} },
  ],
  [
    'STS AccessDenied (query protocol, 403)',
    () =>
      unmodeled(
        'AccessDenied',
        403,
        `User: ${ROLE} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/x`,
      ),
    { kind: 'denied', errorName: 'AccessDenied', httpStatus: 403 },
  ],
  [
    'EC2 UnauthorizedOperation with encoded message',
    () =>
      unmodeled(
        'UnauthorizedOperation',
        403,
        'You are not authorized to perform this operation. Encoded authorization failure message: abc-DEF_123',
      ),
    { kind: 'denied', errorName: 'UnauthorizedOperation', denied: { encodedMessage: 'abc-DEF_123' } },
  ],
  [
    'bare 403 Forbidden',
    () => unmodeled('Forbidden', 403, 'Forbidden'),
    { kind: 'denied', errorName: 'Forbidden', denied: {} },
  ],
  [
    'unmodeled 403 whose message reads as a denial',
    () =>
      unmodeled(
        'SomeNewDenial',
        403,
        `User: ${ROLE} is not authorized to perform: ecr:CreateRepository because no session policy allows the ecr:CreateRepository action`,
      ),
    { kind: 'denied', errorName: 'SomeNewDenial' },
  ],
  [
    'unmodeled 403 that is not a denial',
    () => unmodeled('InvalidAction', 403, 'The action is not valid for this endpoint.'),
    { kind: 'error', errorName: 'InvalidAction' },
  ],
  [
    'opt-in region not enabled (JSON service)',
    () =>
      new UnrecognizedClientException({
        message: 'The security token included in the request is invalid.',
        $metadata: meta(400),
      }),
    { kind: 'region-not-ready', errorName: 'UnrecognizedClientException' },
  ],
  [
    'opt-in region not enabled (STS query)',
    () => unmodeled('InvalidClientTokenId', 403, 'The security token included in the request is invalid'),
    { kind: 'region-not-ready', errorName: 'InvalidClientTokenId', httpStatus: 403 },
  ],
  [
    'opt-in region not enabled (EC2)',
    () => unmodeled('AuthFailure', 401, 'AWS was not able to validate the provided access credentials'),
    { kind: 'region-not-ready', errorName: 'AuthFailure' },
  ],
  [
    // EC2 answers RunInstances with an AMI the caller may not use this way (errors-overview: AuthFailure).
    'EC2 AuthFailure "Not authorized for images" (a denial, not region readiness)',
    () => unmodeled('AuthFailure', 403, 'Not authorized for images: [ami-0123456789abcdef0]'),
    {
      kind: 'denied',
      errorName: 'AuthFailure',
      denied: {
        resource: 'images: ami-0123456789abcdef0',
        reason: 'not authorized to use these images (EC2 AuthFailure)',
      },
    },
  ],
  [
    'STS RegionDisabledException',
    () =>
      new RegionDisabledException({
        message: 'STS is not activated in this region for account:123456789012.',
        $metadata: meta(403),
      }),
    { kind: 'region-not-ready', errorName: 'RegionDisabledException' },
  ],
  [
    'EC2 OptInRequired',
    () => unmodeled('OptInRequired', 403, 'You are not subscribed to this service.'),
    { kind: 'region-not-ready', errorName: 'OptInRequired' },
  ],
  [
    'STS ExpiredTokenException',
    () =>
      new ExpiredTokenException({
        message: 'The security token included in the request is expired',
        $metadata: meta(400),
      }),
    { kind: 'credentials', errorName: 'ExpiredTokenException' },
  ],
  [
    'ExpiredToken (query)',
    () => unmodeled('ExpiredToken', 403, 'The security token included in the request is expired'),
    { kind: 'credentials', errorName: 'ExpiredToken' },
  ],
  [
    'SignatureDoesNotMatch',
    () => unmodeled('SignatureDoesNotMatch', 403, 'The request signature we calculated does not match'),
    { kind: 'credentials', errorName: 'SignatureDoesNotMatch' },
  ],
  [
    'MissingAuthenticationToken',
    () => unmodeled('MissingAuthenticationToken', 403, 'Request is missing Authentication Token'),
    { kind: 'credentials', errorName: 'MissingAuthenticationToken' },
  ],
  [
    'IncompleteSignature',
    () => unmodeled('IncompleteSignature', 400, 'Authorization header requires Signature'),
    { kind: 'credentials', errorName: 'IncompleteSignature' },
  ],
  [
    'credential provider failure (no HTTP at all)',
    () =>
      Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }),
    { kind: 'credentials', errorName: 'CredentialsProviderError' },
  ],
  [
    'Logs ThrottlingException after 3 attempts',
    () => new ThrottlingException({ message: 'Rate exceeded', $metadata: meta(400, 3) }),
    { kind: 'throttled', errorName: 'ThrottlingException', attempts: 3 },
  ],
  [
    'Logs LimitExceededException counts as throttling (SDK list)',
    () => new LimitExceededException({ message: 'Resource limit exceeded.', $metadata: meta(400) }),
    { kind: 'throttled', errorName: 'LimitExceededException' },
  ],
  [
    'Organizations TooManyRequestsException',
    () =>
      new TooManyRequestsException({ message: 'AWS Organizations can’t complete your request', $metadata: meta(400) }),
    { kind: 'throttled', errorName: 'TooManyRequestsException' },
  ],
  [
    'EC2 RequestLimitExceeded',
    () => unmodeled('RequestLimitExceeded', 503, 'Request limit exceeded.'),
    { kind: 'throttled', errorName: 'RequestLimitExceeded' },
  ],
  [
    'IAM Throttling',
    () => unmodeled('Throttling', 400, 'Rate exceeded'),
    { kind: 'throttled', errorName: 'Throttling' },
  ],
  [
    'any HTTP 429',
    () => unmodeled('SlowDownPlease', 429, 'Too many'),
    { kind: 'throttled', errorName: 'SlowDownPlease', httpStatus: 429 },
  ],
  [
    '$retryable.throttling trait',
    () => Object.assign(unmodeled('SomethingBusy', 400, 'busy'), { $retryable: { throttling: true } }),
    { kind: 'throttled', errorName: 'SomethingBusy' },
  ],
  [
    'modeled client error: ResourceAlreadyExists',
    () =>
      new ResourceAlreadyExistsException({ message: 'The specified log group already exists', $metadata: meta(400) }),
    { kind: 'error', errorName: 'ResourceAlreadyExistsException', fault: 'client' },
  ],
  [
    'server 503 ServiceUnavailable',
    () =>
      new ServiceUnavailableException({ message: 'The service cannot complete the request.', $metadata: meta(503) }),
    { kind: 'error', errorName: 'ServiceUnavailableException', fault: 'server' },
  ],
  [
    'generic smithy ServiceException 500',
    () =>
      new ServiceException({ name: 'InternalFailure', $fault: 'server', message: 'internal', $metadata: meta(500) }),
    { kind: 'error', errorName: 'InternalFailure', httpStatus: 500, fault: 'server' },
  ],
  [
    'network ECONNRESET',
    () => networkError('ECONNRESET'),
    { kind: 'error', errorName: 'ECONNRESET', message: 'socket hang up (ECONNRESET)' },
  ],
  [
    'SDK TimeoutError',
    () => Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError' }),
    { kind: 'error', errorName: 'TimeoutError' },
  ],
  [
    // What @aws-sdk/client-s3 throws for a HEAD answered 403: the response has no body to name anything.
    'HeadBucket answered 403 with no body: the s3:ListBucket denial, on the bucket the request named',
    () => noted(unmodeled('Unknown', 403, 'UnknownError'), 's3:HeadBucket', { Bucket: 'app-uploads-ab12cd-1' }),
    {
      kind: 'denied',
      errorName: 'Unknown',
      httpStatus: 403,
      denied: {
        action: 's3:ListBucket',
        operation: 'HeadBucket',
        resource: 'arn:aws:s3:::app-uploads-ab12cd-1',
        reason: NO_MESSAGE_REASON,
      },
    },
  ],
  [
    'HeadObject answered 403 with no body: the s3:GetObject denial, on the object',
    () =>
      noted(unmodeled('Forbidden', 403, 'UnknownError'), 's3:HeadObject', {
        Bucket: 'app-uploads-ab12cd-1',
        Key: 'a/b.txt',
        SSECustomerKey: 'never-kept',
      }),
    {
      kind: 'denied',
      errorName: 'Forbidden',
      denied: {
        action: 's3:GetObject',
        operation: 'HeadObject',
        resource: 'arn:aws:s3:::app-uploads-ab12cd-1/a/b.txt',
      },
    },
  ],
  [
    'a bodiless 403 from a call no middleware noted: a denial that names nothing',
    () => unmodeled('Unknown', 403, 'UnknownError'),
    { kind: 'denied', errorName: 'Unknown', denied: {} },
  ],
  [
    'a bodiless 500 is no denial',
    () => noted(unmodeled('Unknown', 500, 'UnknownError', 'server'), 's3:HeadBucket', { Bucket: 'b' }),
    { kind: 'error', errorName: 'Unknown', httpStatus: 500 },
  ],
  ['a thrown string', () => 'boom', { kind: 'error', errorName: 'Error', message: 'boom' }],
  ['a thrown undefined', () => undefined, { kind: 'error', errorName: 'UnknownError', message: 'undefined' }],
]

describe('classifyError', () => {
  // Given an SDK error as the SDK builds it, when classified, then the kind and metadata a reader relies on are right.
  it.each(cases)('%s', (_name, build, expected) => {
    expect(classifyError(build())).toMatchObject(expected)
  })

  it('keeps no request parameter of a noted call (an SSE-C key stays out of the record)', () => {
    const error = noted(unmodeled('Unknown', 403, 'UnknownError'), 's3:HeadObject', {
      Bucket: 'b',
      Key: 'k',
      SSECustomerKey: 'never-kept',
    })
    expect(JSON.stringify(classifyError(error))).not.toContain('never-kept')
  })

  it('only denials carry parsed denial details', () => {
    for (const [, build] of cases) {
      const outcome = classifyError(build())
      expect(outcome.denied !== undefined).toBe(outcome.kind === 'denied')
    }
  })

  it('redacts credentials that appear in an error message', () => {
    const secret = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
    const token = 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD' + 'x'.repeat(40)
    const error = unmodeled(
      'InvalidParameterException',
      400,
      `bad request with key ASIAQWERTYUIOPASDFGH secret ${secret} and token ${token} for arn:aws:iam::123456789012:role/r`,
    )
    const outcome = classifyError(error)
    expect(outcome.message).not.toContain('ASIAQWERTYUIOPASDFGH')
    expect(outcome.message).not.toContain(secret)
    expect(outcome.message).not.toContain('IQoJb3JpZ2luX2VjEJr')
    expect(outcome.message).toContain('arn:aws:iam::123456789012:role/r')
  })

  it('redacts credentials in the error name a scenario gave its own error', () => {
    // Given a non-AWS error whose name embeds an access key id
    const error = Object.assign(new Error('x'), { name: 'BadASIAQWERTYUIOPASDFGH' })
    // Then neither the recorded name nor the message carries it
    expect(classifyError(error).errorName).toBe('Bad[REDACTED]')
  })
})

describe('classifyThrown / classifySuccess', () => {
  it('treats EC2 DryRunOperation as allowed with dryRun', () => {
    const error = unmodeled('DryRunOperation', 412, 'Request would have succeeded, but DryRun flag is set.')
    expect(classifyThrown(error, 42)).toEqual({
      kind: 'allowed',
      dryRun: true,
      durationMs: 42,
      requestId: 'req-0000-1111',
      attempts: 1,
    })
  })

  it('keeps the duration on a failure', () => {
    const outcome = classifyThrown(
      unmodeled('UnauthorizedOperation', 403, 'You are not authorized to perform this operation.'),
      7,
    )
    expect(outcome).toMatchObject({ kind: 'denied', durationMs: 7 })
  })

  it('records request id and attempts of a successful call', () => {
    expect(classifySuccess({ $metadata: meta(200, 2) }, 5)).toEqual({
      kind: 'allowed',
      durationMs: 5,
      requestId: 'req-0000-1111',
      attempts: 2,
    })
    expect(classifySuccess(undefined, 5)).toEqual({ kind: 'allowed', durationMs: 5 })
  })
})
