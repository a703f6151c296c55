/**
 * Amazon SQS. Current SDKs (AWS SDK for JS v3 3.4xx+, botocore 1.31+) speak awsJson1_0 with
 * `X-Amz-Target: AmazonSQS.<Operation>` and awsQueryCompatible errors: `__type`
 * `com.amazonaws.sqs#<Code>` plus the legacy query code in `x-amzn-query-error` (codes from the
 * `awsQueryError` traits in @aws-sdk/client-sqs's schema). The older awsQuery form is not served.
 */
import type { ServiceDefinition } from '../../core/types.js'
import * as authz from './authorize.js'
import { createQueue, deleteQueue, getQueueAttributes, getQueueUrl, listQueues, setQueueAttributes } from './queues.js'
import { listQueueResources } from './resources.js'
import { queueArn } from './store.js'
import { listQueueTags, tagQueue, untagQueue } from './tags.js'

const queueResource = (
  ctx: Parameters<NonNullable<ServiceDefinition['operations'][string]['cloudTrailResources']>>[0],
) => [
  {
    ResourceType: 'AWS::SQS::Queue',
    ResourceName: queueArn(ctx.region, ctx.caller.accountId, String(ctx.params.QueueName ?? '')),
  },
]

const service: ServiceDefinition = {
  signingName: 'sqs',
  iamPrefix: 'sqs',
  eventSource: 'sqs.amazonaws.com',
  protocol: 'json',
  jsonVersion: '1.0',
  targetPrefix: 'AmazonSQS',
  errorTypeNamespace: 'com.amazonaws.sqs',
  errorMessageKey: 'message',
  validationErrorCode: 'InvalidParameterValue',
  queryErrorCodes: {
    QueueDoesNotExist: 'AWS.SimpleQueueService.NonExistentQueue',
    QueueNameExists: 'QueueAlreadyExists',
    QueueDeletedRecently: 'AWS.SimpleQueueService.QueueDeletedRecently',
    InvalidAttributeName: 'InvalidAttributeName',
    InvalidAttributeValue: 'InvalidAttributeValue',
    InvalidParameterValue: 'InvalidParameterValue',
    AccessDenied: 'AccessDenied',
  },
  operations: {
    CreateQueue: { handler: createQueue, authorize: authz.authorizeCreateQueue, cloudTrailResources: queueResource },
    GetQueueUrl: { handler: getQueueUrl, authorize: authz.onQueue('sqs:GetQueueUrl') },
    GetQueueAttributes: { handler: getQueueAttributes, authorize: authz.onQueue('sqs:GetQueueAttributes') },
    SetQueueAttributes: { handler: setQueueAttributes, authorize: authz.onQueue('sqs:SetQueueAttributes') },
    ListQueues: { handler: listQueues, authorize: authz.authorizeListQueues },
    DeleteQueue: { handler: deleteQueue, authorize: authz.onQueue('sqs:DeleteQueue') },
    TagQueue: { handler: tagQueue, authorize: authz.authorizeTagQueue },
    UntagQueue: { handler: untagQueue, authorize: authz.authorizeUntagQueue },
    ListQueueTags: { handler: listQueueTags, authorize: authz.onQueue('sqs:ListQueueTags') },
  },
  listResources: listQueueResources,
}

export default service
