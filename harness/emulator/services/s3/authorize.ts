/**
 * Authorization for S3 bucket operations (Service Authorization Reference, Amazon S3: `bucket`
 * resources `arn:aws:s3:::<name>`). Several operations are authorized under another action's name
 * (ACTION_ALIASES; https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html):
 * HeadBucket as s3:ListBucket, ListBuckets as s3:ListAllMyBuckets, DeleteBucketTagging as
 * s3:PutBucketTagging. CreateBucket with tags also needs s3:TagResource: "You must have the
 * s3:TagResource permission to create a general purpose bucket with tags" (CreateBucketConfiguration
 * `Tags` in the S3 API model shipped with @aws-sdk/client-s3).
 */
import { requestTagContext, resourceTagContext } from '../../core/tag-context.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { createBucketHeaderChecks, createBucketHeaderKeys } from './create-bucket-headers.js'
import { addressOf, readTagSet, readXmlBody } from './request.js'
import { bucketArn, bucketOwner } from './store.js'

export const ACTION_ALIASES: Readonly<Record<string, string>> = {
  HeadBucket: 's3:ListBucket',
  ListBuckets: 's3:ListAllMyBuckets',
  ListObjects: 's3:ListBucket',
  ListObjectsV2: 's3:ListBucket',
  DeleteBucketTagging: 's3:PutBucketTagging',
  HeadObject: 's3:GetObject',
  CreateMultipartUpload: 's3:PutObject',
  UploadPart: 's3:PutObject',
  CompleteMultipartUpload: 's3:PutObject',
  DeleteObjects: 's3:DeleteObject',
  GetBucketLocation: 's3:GetBucketLocation',
}

function requestTags(ctx: RequestContext): Record<string, string> {
  try {
    const tags = readTagSet(requestConfiguration(ctx))
    return Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]))
  } catch {
    return {} // the handler reports the malformed body
  }
}

function requestConfiguration(ctx: RequestContext): Record<string, any> | undefined {
  try {
    return readXmlBody(ctx, 'CreateBucketConfiguration')
  } catch {
    return undefined // the handler reports the malformed body
  }
}

/**
 * s3:CreateBucket with the condition keys the Service Authorization Reference lists for it
 * (s3:locationconstraint from the body, the ACL and ownership headers), plus s3:TagResource for tags
 * and the permissions the ACL, ownership and Object Lock headers add (create-bucket-headers.ts).
 */
export function authorizeCreateBucket(ctx: RequestContext): AuthCheck[] {
  const resource = bucketArn(addressOf(ctx).bucket ?? '')
  const tags = requestTags(ctx)
  const constraint = requestConfiguration(ctx)?.LocationConstraint
  const context = {
    ...requestTagContext(tags),
    's3:locationconstraint': typeof constraint === 'string' ? constraint : undefined,
    ...createBucketHeaderKeys(ctx),
  }
  const checks: AuthCheck[] = [{ action: 's3:CreateBucket', resource, context, reason: 'primary' }]
  if (Object.keys(tags).length > 0)
    checks.push({ action: 's3:TagResource', resource, context: requestTagContext(tags), reason: 'tag-on-create' })
  return [...checks, ...createBucketHeaderChecks(ctx, resource)]
}

export function onBucket(action: string) {
  return (ctx: RequestContext): AuthCheck[] => {
    const name = addressOf(ctx).bucket ?? ''
    const owner = bucketOwner(ctx.state, name)
    const context = owner?.accountId === ctx.caller.accountId ? resourceTagContext(owner.bucket.tags) : {}
    return [{ action, resource: bucketArn(name), context, reason: 'primary' }]
  }
}

export const authorizeListBuckets = (): AuthCheck[] => [
  { action: 's3:ListAllMyBuckets', resource: '*', reason: 'primary' },
]
