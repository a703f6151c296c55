/**
 * The resource types a template may use, each as the service calls CloudFormation makes for it.
 * Tags (stack tags, then the resource's own `Tags`) go on with the create call where the API takes
 * them (tag-on-create), or with a separate tagging call where it does not (S3 PutBucketTagging, as
 * the September 2020 notice names "For AWS::S3::Bucket, use s3:PutBucketTagging").
 */
import type { RequestContext } from '../../core/types.js'
import type { IncomingRequest } from '../../protocols/types.js'
import { escapeXml } from '../../protocols/xml.js'
import { queueUrl } from '../sqs/store.js'
import type { InternalCall } from './invoke.js'

export interface ResourcePlan {
  physicalId: string
  /** The create call with tags, and the same without them (used before the tagging rule applies). */
  create: InternalCall
  createUntagged: InternalCall
  /** A separate tagging call, when the create API takes no tags. */
  tag?: InternalCall
  undo: InternalCall
}

type Props = Record<string, unknown>
type Planner = (ctx: RequestContext, props: Props, name: string, tags: Record<string, string>) => ResourcePlan

const str = (value: unknown, fallback: string) => (typeof value === 'string' && value ? value : fallback)
const tagList = (tags: Record<string, string>) => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }))

function s3Request(method: string, bucket: string, query: string, body: string): IncomingRequest {
  return {
    method,
    rawPath: `/${bucket}`,
    query: new URLSearchParams(query),
    headers: { host: '127.0.0.1' },
    body: Buffer.from(body),
  }
}

const PLANNERS: Record<string, Planner> = {
  'AWS::SQS::Queue': (ctx, props, name, tags) => {
    const QueueName = str(props.QueueName, name)
    const base = {
      QueueName,
      ...(props.VisibilityTimeout ? { Attributes: { VisibilityTimeout: String(props.VisibilityTimeout) } } : {}),
    }
    return {
      physicalId: queueUrl(ctx.region, ctx.caller.accountId, QueueName),
      create: { service: 'sqs', operation: 'CreateQueue', params: { ...base, tags } },
      createUntagged: { service: 'sqs', operation: 'CreateQueue', params: base },
      undo: {
        service: 'sqs',
        operation: 'DeleteQueue',
        params: { QueueUrl: queueUrl(ctx.region, ctx.caller.accountId, QueueName) },
      },
    }
  },
  'AWS::SNS::Topic': (ctx, props, name, tags) => {
    const Name = str(props.TopicName, name)
    const arn = `arn:aws:sns:${ctx.region}:${ctx.caller.accountId}:${Name}`
    return {
      physicalId: arn,
      create: { service: 'sns', operation: 'CreateTopic', params: { Name, Tags: tagList(tags) } },
      createUntagged: { service: 'sns', operation: 'CreateTopic', params: { Name } },
      undo: { service: 'sns', operation: 'DeleteTopic', params: { TopicArn: arn } },
    }
  },
  'AWS::Logs::LogGroup': (_ctx, props, name, tags) => {
    const logGroupName = str(props.LogGroupName, name)
    return {
      physicalId: logGroupName,
      create: { service: 'logs', operation: 'CreateLogGroup', params: { logGroupName, tags } },
      createUntagged: { service: 'logs', operation: 'CreateLogGroup', params: { logGroupName } },
      undo: { service: 'logs', operation: 'DeleteLogGroup', params: { logGroupName } },
    }
  },
  'AWS::S3::Bucket': (ctx, props, name, tags) => {
    const bucket = str(props.BucketName, name.toLowerCase())
    const location =
      ctx.region === 'us-east-1'
        ? ''
        : `<CreateBucketConfiguration><LocationConstraint>${ctx.region}</LocationConstraint></CreateBucketConfiguration>`
    const create: InternalCall = {
      service: 's3',
      operation: 'CreateBucket',
      params: {},
      request: s3Request('PUT', bucket, '', location),
    }
    const tagSet = Object.entries(tags)
      .map(([k, v]) => `<Tag><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></Tag>`)
      .join('')
    return {
      physicalId: bucket,
      create,
      createUntagged: create,
      ...(tagSet
        ? {
            tag: {
              service: 's3',
              operation: 'PutBucketTagging',
              params: { tagging: '' },
              request: s3Request('PUT', bucket, 'tagging', `<Tagging><TagSet>${tagSet}</TagSet></Tagging>`),
            },
          }
        : {}),
      undo: { service: 's3', operation: 'DeleteBucket', params: {}, request: s3Request('DELETE', bucket, '', '') },
    }
  },
  'AWS::SSM::Parameter': (_ctx, props, name, tags) => {
    const Name = str(props.Name, name)
    const base = { Name, Type: str(props.Type, 'String'), Value: str(props.Value, '') }
    return {
      physicalId: Name,
      create: {
        service: 'ssm',
        operation: 'PutParameter',
        params: { ...base, ...(Object.keys(tags).length ? { Tags: tagList(tags) } : {}) },
      },
      createUntagged: { service: 'ssm', operation: 'PutParameter', params: base },
      undo: { service: 'ssm', operation: 'DeleteParameter', params: { Name } },
    }
  },
}

export const SUPPORTED_TYPES = Object.keys(PLANNERS)

/**
 * The properties each type's registry schema declares (`additionalProperties: false`), from the schemas
 * cfn-lint ships (src/cfnlint/data/schemas/providers/us_east_1/aws-<type>.json) plus later additions
 * named in the CloudFormation resource reference. AWS::S3::Bucket is not listed: its schema is not at
 * hand here, so its properties are not checked (kinder than AWS for a misspelt bucket property).
 */
const DECLARED_PROPERTIES: Record<string, readonly string[]> = {
  'AWS::SQS::Queue': [
    'Arn',
    'ContentBasedDeduplication',
    'DeduplicationScope',
    'DelaySeconds',
    'FifoQueue',
    'FifoThroughputLimit',
    'KmsDataKeyReusePeriodSeconds',
    'KmsMasterKeyId',
    'MaximumMessageSize',
    'MessageRetentionPeriod',
    'QueueName',
    'QueueUrl',
    'ReceiveMessageWaitTimeSeconds',
    'RedriveAllowPolicy',
    'RedrivePolicy',
    'SqsManagedSseEnabled',
    'Tags',
    'VisibilityTimeout',
  ],
  'AWS::SNS::Topic': [
    'ArchivePolicy',
    'ContentBasedDeduplication',
    'DataProtectionPolicy',
    'DeliveryStatusLogging',
    'DisplayName',
    'FifoThroughputScope',
    'FifoTopic',
    'KmsMasterKeyId',
    'SignatureVersion',
    'Subscription',
    'Tags',
    'TopicArn',
    'TopicName',
    'TracingConfig',
  ],
  'AWS::Logs::LogGroup': [
    'Arn',
    'BearerTokenAuthenticationEnabled',
    'DataProtectionPolicy',
    'DeletionProtectionEnabled',
    'FieldIndexPolicies',
    'KmsKeyId',
    'LogGroupClass',
    'LogGroupName',
    'ResourcePolicyDocument',
    'RetentionInDays',
    'Tags',
  ],
  'AWS::SSM::Parameter': [
    'AllowedPattern',
    'DataType',
    'Description',
    'Name',
    'Policies',
    'Tags',
    'Tier',
    'Type',
    'Value',
  ],
}

/**
 * CloudFormation's schema validation of a resource's properties, as the CREATE_FAILED reason it
 * gives: "Properties validation failed for resource X with message: #: extraneous key [Y] is not
 * permitted" (FACTS.md, CloudFormation); undefined when every property is declared.
 */
export function propertiesFailure(logicalId: string, type: string, props: Props): string | undefined {
  const declared = DECLARED_PROPERTIES[type]
  const extraneous = declared ? Object.keys(props).filter((name) => !declared.includes(name)) : []
  if (extraneous.length === 0) return undefined
  const message = extraneous.map((name) => `#: extraneous key [${name}] is not permitted`).join('\n')
  return `Properties validation failed for resource ${logicalId} with message: ${message}`
}

/** SSM parameter tags are a map in templates; every other type here takes a Key/Value list. */
export function resourceTags(type: string, props: Props): Record<string, string> {
  const tags = props.Tags
  if (type === 'AWS::SSM::Parameter')
    return tags && typeof tags === 'object' && !Array.isArray(tags) ? (tags as Record<string, string>) : {}
  const out: Record<string, string> = {}
  for (const tag of Array.isArray(tags) ? (tags as Array<{ Key?: unknown; Value?: unknown }>) : []) {
    if (typeof tag?.Key === 'string') out[tag.Key] = String(tag.Value ?? '')
  }
  return out
}

export function planResource(
  ctx: RequestContext,
  type: string,
  props: Props,
  name: string,
  tags: Record<string, string>,
): ResourcePlan {
  return PLANNERS[type]!(ctx, props, name, tags)
}
