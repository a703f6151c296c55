/**
 * PutBucketTagging (replaces the whole set), GetBucketTagging, DeleteBucketTagging. Limits and texts
 * from API_PutBucketTagging.html and ErrorResponses.html: at most 50 tags, keys unique, the `aws:`
 * prefix reserved; a bucket without tags answers NoSuchTagSet.
 */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import type { RestXmlOutput } from '../../protocols/rest-xml.js'
import { XmlList } from '../../protocols/xml.js'
import { requireOwnBucket, S3_XMLNS } from './buckets.js'
import { malformedXml, readTagSet, readXmlBody } from './request.js'

const MAX_TAGS = 50

export function validateTags(tags: Array<{ Key: string; Value: string }>): void {
  if (tags.length > MAX_TAGS) throw new AwsError('BadRequest', 'Bucket tag count cannot be greater than 50')
  const keys = new Set<string>()
  for (const tag of tags) {
    if (keys.has(tag.Key)) throw new AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key')
    if (tag.Key.toLowerCase().startsWith('aws:')) {
      throw new AwsError('InvalidTag', 'System tags cannot be added/updated by requester')
    }
    if (tag.Key.length < 1 || tag.Key.length > 128 || tag.Value.length > 256) {
      throw new AwsError('InvalidTag', 'The TagKey you have provided is invalid')
    }
    keys.add(tag.Key)
  }
}

export function putBucketTagging(ctx: RequestContext): RestXmlOutput {
  const bucket = requireOwnBucket(ctx)
  const document = readXmlBody(ctx, 'Tagging')
  if (!document) throw malformedXml()
  const tags = readTagSet(document)
  validateTags(tags)
  bucket.tags = Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]))
  return { status: 204 }
}

export function getBucketTagging(ctx: RequestContext): RestXmlOutput {
  const bucket = requireOwnBucket(ctx)
  const tags = Object.entries(bucket.tags)
  if (tags.length === 0) {
    throw new AwsError('NoSuchTagSet', 'The TagSet does not exist', {
      status: 404,
      fields: { BucketName: bucket.name },
    })
  }
  const tagSet = new XmlList(
    'Tag',
    tags.map(([Key, Value]) => ({ Key, Value })),
  )
  return { document: { root: 'Tagging', xmlns: S3_XMLNS, content: { TagSet: tagSet } } }
}

export function deleteBucketTagging(ctx: RequestContext): RestXmlOutput {
  requireOwnBucket(ctx).tags = {}
  return { status: 204 }
}
