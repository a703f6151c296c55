/**
 * The AwsError each service answers an authorization failure with (aws-facts §1–§7, botocore
 * models): code and HTTP status differ per service and protocol; the wording comes from
 * denial-message.ts.
 */
import { AwsError } from '../core/errors.js'

interface DenialShape {
  code: string
  status: number
}

const SHAPES: Record<string, DenialShape> = {
  // awsQuery: <Error><Type>Sender</Type><Code>AccessDenied</Code>, HTTP 403.
  iam: { code: 'AccessDenied', status: 403 },
  sts: { code: 'AccessDenied', status: 403 },
  // ec2Query: Client.UnauthorizedOperation in CloudTrail, HTTP 403.
  ec2: { code: 'UnauthorizedOperation', status: 403 },
  // Modeled with @httpError(403) in the Organizations and Account models.
  organizations: { code: 'AccessDeniedException', status: 403 },
  account: { code: 'AccessDeniedException', status: 403 },
  // Unmodeled AccessDeniedException with HTTP 400 (Logs observed: "Status Code: 400").
  logs: { code: 'AccessDeniedException', status: 400 },
  ecr: { code: 'AccessDeniedException', status: 400 },
  ssm: { code: 'AccessDeniedException', status: 400 },
  cloudtrail: { code: 'AccessDeniedException', status: 400 },
  // awsQuery heritage: <Code>AccessDenied</Code>, HTTP 403 (aws-facts §3, SQS seen in the wild).
  sqs: { code: 'AccessDenied', status: 403 },
  // awsQuery: "AccessDenied: Access denied status code: 403" from CreateStack (awslabs/aws-servicebroker
  // issue 76), "An error occurred (AccessDenied) when calling the CreateChangeSet operation" (lucpod/aws-lambda-workshop issue 2).
  cloudformation: { code: 'AccessDenied', status: 403 },
  sns: { code: 'AuthorizationError', status: 403 },
  // restXml <Error><Code>AccessDenied</Code>, HTTP 403.
  s3: { code: 'AccessDenied', status: 403 },
  // "(Service: Lambda, Status Code: 403" in reports of Lambda denials (services/lambda/authorize.ts).
  lambda: { code: 'AccessDeniedException', status: 403 },
}

const DEFAULT_SHAPE: DenialShape = { code: 'AccessDeniedException', status: 400 }

export function denialShape(signingName: string): DenialShape {
  return SHAPES[signingName] ?? DEFAULT_SHAPE
}

export function accessDeniedError(signingName: string, message: string): AwsError {
  const shape = denialShape(signingName)
  return new AwsError(shape.code, message, { status: shape.status, fault: 'client' })
}

/**
 * How a service spells the action in its denial. SNS writes the prefix upper-case: "is not authorized
 * to perform: SNS:CreateTopic on resource: arn:aws:sns:… because no identity-based policy allows the
 * SNS:CreateTopic action" (AWS CLI output quoted in Turbot's public guardrails documentation).
 */
export function deniedActionAsWritten(signingName: string, action: string): string {
  return signingName === 'sns' ? action.replace(/^sns:/i, 'SNS:') : action
}

/** S3 quotes the resource ARN in its denials (aws-facts §8: parsers must accept quoted S3 resources). */
export function deniedResourceAsWritten(signingName: string, resource: string): string {
  return signingName === 's3' ? `"${resource}"` : resource
}
