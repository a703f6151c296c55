/**
 * What counts as "use" of an (operation, region) by an account, from harness's side. The rule is the
 * emulator's (timeline/ledger.ts) by construction, because both call the same `usageKeys`:
 * - only a call that SUCCEEDED is use. A denied or failed call changes nothing in the account; CloudTrail
 *   records it with an `errorCode` ("The AWS service error if the request returns an error",
 *   https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
 *   and AWS's "accounts that have never used X" rollouts key on accounts that have called X successfully
 *   (aws-facts.md §11 "Freshness can be spoiled by others"). An EC2 DryRun answers with an error
 *   (DryRunOperation), so it is not use either.
 * - a call that carried tags also uses the `+tags` form, which tag-on-create changes key on.
 */
import { usageKeys } from '../emulator/timeline/ledger.js'

/**
 * SDK client name → IAM service prefix. Hand-written because the SDK exposes no IAM prefix; the
 * signing name differs for some services (Resource Groups Tagging API signs as 'tagging', IAM says 'tag').
 */
const IAM_PREFIX_BY_CLIENT: Record<string, string> = {
  CloudWatchLogsClient: 'logs',
  ECRClient: 'ecr',
  EC2Client: 'ec2',
  SSMClient: 'ssm',
  S3Client: 's3',
  SQSClient: 'sqs',
  SNSClient: 'sns',
  LambdaClient: 'lambda',
  ECSClient: 'ecs',
  CloudFormationClient: 'cloudformation',
  IAMClient: 'iam',
  STSClient: 'sts',
  CloudTrailClient: 'cloudtrail',
  AccountClient: 'account',
  OrganizationsClient: 'organizations',
  ResourceGroupsTaggingAPIClient: 'tag',
}

/** The IAM service prefix of an SDK v3 client this project installs (`CloudWatchLogsClient` → `logs`). */
export function iamPrefixOf(clientName: string): string | undefined {
  return IAM_PREFIX_BY_CLIENT[clientName]
}

/** `logs:CreateLogGroup` for CloudWatchLogsClient + CreateLogGroupCommand; undefined for unknown clients. */
export function operationOf(clientName: string, commandName: string): string | undefined {
  const prefix = iamPrefixOf(clientName) ?? fallbackPrefix(clientName)
  if (!prefix) return undefined
  return `${prefix}:${commandName.replace(/Command$/, '')}`
}

function fallbackPrefix(clientName: string): string | undefined {
  const match = /^(.+)Client$/.exec(clientName)
  return match ? match[1]!.toLowerCase() : undefined
}

/** The ledger keys one SUCCESSFUL call adds: the operation, and `…+tags` when its input carried tags. */
export function usageKeysOfCall(operation: string, input: unknown): string[] {
  const params = input && typeof input === 'object' ? (input as Record<string, unknown>) : {}
  return usageKeys(operation, params)
}

/** The part of a freshness key before '+tags': what CloudTrail calls the event (its EventName is the API name). */
export function eventNameOf(key: string): string {
  return key.replace(/\+tags$/, '').split(':')[1] ?? key
}
