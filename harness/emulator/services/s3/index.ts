/**
 * Amazon S3 (restXml): buckets and their tags, addressed virtual-hosted or path style. Requests are
 * routed with the table generated from the SDK's S3 schema (routes.ts), so an operation that is not
 * served is still named, with its permission, in the unserved answer.
 */
import type { RequestContext, ServiceDefinition } from '../../core/types.js'
import * as authz from './authorize.js'
import { createBucket, deleteBucket, headBucket, listBuckets } from './buckets.js'
import { addressOf } from './request.js'
import { listBucketResources } from './resources.js'
import { loadS3Routes, resolveS3Operation } from './routes.js'
import { bucketArn } from './store.js'
import { deleteBucketTagging, getBucketTagging, putBucketTagging } from './tagging.js'

const bucketResource = (ctx: RequestContext) => [
  { ResourceType: 'AWS::S3::Bucket', ResourceName: bucketArn(addressOf(ctx).bucket ?? '') },
]

const service: ServiceDefinition = {
  signingName: 's3',
  iamPrefix: 's3',
  eventSource: 's3.amazonaws.com',
  protocol: 'rest-xml',
  actionAliases: authz.ACTION_ALIASES,
  resolveOperation: resolveS3Operation,
  ready: loadS3Routes,
  operations: {
    CreateBucket: {
      handler: createBucket,
      authorize: authz.authorizeCreateBucket,
      cloudTrailResources: bucketResource,
    },
    HeadBucket: { handler: headBucket, authorize: authz.onBucket('s3:ListBucket'), readOnly: true },
    ListBuckets: { handler: listBuckets, authorize: authz.authorizeListBuckets },
    DeleteBucket: {
      handler: deleteBucket,
      authorize: authz.onBucket('s3:DeleteBucket'),
      cloudTrailResources: bucketResource,
    },
    PutBucketTagging: { handler: putBucketTagging, authorize: authz.onBucket('s3:PutBucketTagging') },
    GetBucketTagging: { handler: getBucketTagging, authorize: authz.onBucket('s3:GetBucketTagging') },
    DeleteBucketTagging: { handler: deleteBucketTagging, authorize: authz.onBucket('s3:PutBucketTagging') },
  },
  listResources: listBucketResources,
}

export default service
