/**
 * The errors an injected fault answers with, per service: each service's real throttling code and
 * status (aws-facts §9; botocore/SDK models: Organizations and Account model TooManyRequestsException
 * as HTTP 429, CloudTrail its ThrottlingException as 429, EC2 answers RequestLimitExceeded with 503),
 * and the protocol's internal-error / unavailable codes.
 */
import { AwsError } from '../core/errors.js'
import type { ServiceDefinition } from '../core/types.js'

interface ErrorSpec {
  code: string
  status: number
  message: string
}

type ServerFault = 'throttle' | 'internal-error' | 'service-unavailable'

const RATE_EXCEEDED = 'Rate exceeded'

const THROTTLE: Record<string, ErrorSpec> = {
  ec2: { code: 'RequestLimitExceeded', status: 503, message: 'Request limit exceeded.' },
  iam: { code: 'Throttling', status: 400, message: RATE_EXCEEDED },
  sts: { code: 'Throttling', status: 400, message: RATE_EXCEEDED },
  organizations: {
    code: 'TooManyRequestsException',
    status: 429,
    message:
      'You have sent too many requests in too short a period of time. The quota helps protect against denial-of-service attacks. Try again later.',
  },
  account: { code: 'TooManyRequestsException', status: 429, message: RATE_EXCEEDED },
  cloudtrail: { code: 'ThrottlingException', status: 429, message: RATE_EXCEEDED },
}
const JSON_THROTTLE: ErrorSpec = { code: 'ThrottlingException', status: 400, message: RATE_EXCEEDED }

const INTERNAL: Record<string, ErrorSpec> = {
  ec2: { code: 'InternalError', status: 500, message: 'An internal error has occurred.' },
  iam: {
    code: 'ServiceFailure',
    status: 500,
    message: 'The request processing has failed because of an unknown error, exception or failure.',
  },
  organizations: {
    code: 'ServiceException',
    status: 500,
    message: "AWS Organizations can't complete your request because of an internal service error. Try again later.",
  },
  account: { code: 'InternalServerException', status: 500, message: 'Internal service error.' },
  ecr: { code: 'ServerException', status: 500, message: 'These errors are usually caused by a server-side issue.' },
  ssm: { code: 'InternalServerError', status: 500, message: 'An error occurred on the server side.' },
}
const GENERIC_INTERNAL: ErrorSpec = {
  code: 'InternalFailure',
  status: 500,
  message: 'The request processing has failed because of an unknown error, exception or failure.',
}

const UNAVAILABLE: Record<string, ErrorSpec> = {
  ec2: { code: 'Unavailable', status: 503, message: "The server is overloaded and can't handle the request." },
  logs: { code: 'ServiceUnavailableException', status: 503, message: 'The service cannot complete the request.' },
}
const GENERIC_UNAVAILABLE: ErrorSpec = {
  code: 'ServiceUnavailable',
  status: 503,
  message: 'The request has failed due to a temporary failure of the server.',
}

export function faultSpec(service: ServiceDefinition, fault: ServerFault): ErrorSpec {
  const name = service.signingName
  if (fault === 'throttle') return THROTTLE[name] ?? JSON_THROTTLE
  if (fault === 'internal-error') return INTERNAL[name] ?? GENERIC_INTERNAL
  return UNAVAILABLE[name] ?? GENERIC_UNAVAILABLE
}

export function faultError(service: ServiceDefinition, fault: ServerFault, message?: string): AwsError {
  const spec = faultSpec(service, fault)
  return new AwsError(spec.code, message ?? spec.message, { status: spec.status })
}
