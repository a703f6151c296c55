/**
 * CreateBucket, HeadBucket, ListBuckets, DeleteBucket. Rules and texts from the S3 API reference
 * (API_CreateBucket.html, ErrorResponses.html#ErrorCodeList, bucketnamingrules.html):
 * - names 3–63 of lower-case letters, digits, dots and hyphens, starting and ending with a letter or
 *   digit, not IP-formatted (InvalidBucketName "The specified bucket is not valid.");
 * - outside us-east-1 the LocationConstraint must name the endpoint's region
 *   (IllegalLocationConstraintException), and us-east-1 takes none (InvalidLocationConstraint);
 * - the namespace is global: another account's name is BucketAlreadyExists; your own is
 *   BucketAlreadyOwnedByYou, except in us-east-1 where S3 answers 200 for legacy compatibility;
 * - a request signed for another region than the bucket's is AuthorizationHeaderMalformed.
 */

import { compareText } from '../../../compare-text.js'
import { AwsError } from '../../core/errors.js'
import { decodePageToken, encodePageToken } from '../../core/page-token.js'
import type { RequestContext } from '../../core/types.js'
import type { RestXmlOutput } from '../../protocols/rest-xml.js'
import { XmlList } from '../../protocols/xml.js'
import { checkCreateBucketAcl } from './create-bucket-headers.js'
import { addressOf, incoming, readTagSet, readXmlBody } from './request.js'
import { type BucketRecord, bucketOwner, bucketStore } from './store.js'
import { validateTags } from './tagging.js'

export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/'
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/
const IP_LIKE = /^\d+\.\d+\.\d+\.\d+$/

function invalidBucketName(name: string): AwsError {
  return new AwsError('InvalidBucketName', 'The specified bucket is not valid.', { fields: { BucketName: name } })
}

export function noSuchBucket(name: string): AwsError {
  return new AwsError('NoSuchBucket', 'The specified bucket does not exist', {
    status: 404,
    fields: { BucketName: name },
  })
}

function requireBucketName(ctx: RequestContext): string {
  const name = addressOf(ctx).bucket ?? ''
  if (!BUCKET_NAME.test(name) || name.includes('..') || IP_LIKE.test(name) || name.startsWith('xn--')) {
    throw invalidBucketName(name)
  }
  return name
}

function checkLocation(ctx: RequestContext, constraint: string | undefined): void {
  if (ctx.region === 'us-east-1') {
    if (constraint) throw new AwsError('InvalidLocationConstraint', 'The specified location-constraint is not valid')
    return
  }
  if (constraint === ctx.region) return
  const which = constraint ? `The ${constraint} location constraint` : 'The unspecified location constraint'
  throw new AwsError(
    'IllegalLocationConstraintException',
    `${which} is incompatible for the region specific endpoint this request was sent to.`,
  )
}

export function createBucket(ctx: RequestContext): RestXmlOutput {
  const name = requireBucketName(ctx)
  const configuration = readXmlBody(ctx, 'CreateBucketConfiguration')
  const constraint =
    typeof configuration?.LocationConstraint === 'string' ? configuration.LocationConstraint : undefined
  checkLocation(ctx, constraint)
  const tags = readTagSet(configuration)
  validateTags(tags)
  checkCreateBucketAcl(ctx)
  const owner = bucketOwner(ctx.state, name)
  const location = { Location: `/${name}` }
  if (owner && owner.accountId !== ctx.caller.accountId) {
    throw new AwsError(
      'BucketAlreadyExists',
      'The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.',
      { status: 409, fields: { BucketName: name } },
    )
  }
  if (owner) {
    if (ctx.region === 'us-east-1' && owner.bucket.region === 'us-east-1') return { headers: location }
    throw new AwsError(
      'BucketAlreadyOwnedByYou',
      'Your previous request to create the named bucket succeeded and you already own it.',
      { status: 409, fields: { BucketName: name } },
    )
  }
  bucketStore(ctx).set(name, {
    name,
    region: ctx.region,
    createdAt: ctx.now,
    tags: Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value])),
  })
  return { headers: location }
}

/** The caller's bucket this request names, signed for the bucket's region. */
export function requireOwnBucket(ctx: RequestContext): BucketRecord {
  const name = addressOf(ctx).bucket ?? ''
  const owner = bucketOwner(ctx.state, name)
  if (!owner) throw noSuchBucket(name)
  if (owner.accountId !== ctx.caller.accountId) throw new AwsError('AccessDenied', 'Access Denied', { status: 403 })
  if (owner.bucket.region !== ctx.region) {
    throw new AwsError(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the region '${ctx.region}' is wrong; expecting '${owner.bucket.region}'`,
      { fields: { Region: owner.bucket.region } },
    )
  }
  return owner.bucket
}

export function headBucket(ctx: RequestContext): RestXmlOutput {
  const name = addressOf(ctx).bucket ?? ''
  const owner = bucketOwner(ctx.state, name)
  // HEAD answers carry no body, so the SDK sees only the status (NotFound / Forbidden).
  if (!owner) throw new AwsError('NotFound', 'Not Found', { status: 404 })
  if (owner.accountId !== ctx.caller.accountId) throw new AwsError('Forbidden', 'Forbidden', { status: 403 })
  return { headers: { 'x-amz-bucket-region': owner.bucket.region, 'x-amz-access-point-alias': 'false' } }
}

export function listBuckets(ctx: RequestContext): RestXmlOutput {
  const query = incoming(ctx).query
  const prefix = query.get('prefix') ?? ''
  const region = query.get('bucket-region')
  const buckets = [...bucketStore(ctx).values()]
    .filter((bucket) => bucket.name.startsWith(prefix) && (!region || bucket.region === region))
    .sort((a, b) => compareText(a.name, b.name))
  const { page, next } = bucketPage(buckets, query)
  return {
    document: {
      root: 'ListAllMyBucketsResult',
      xmlns: S3_XMLNS,
      content: {
        Owner: { ID: ctx.caller.accountId.padStart(64, '0') },
        Buckets: new XmlList(
          'Bucket',
          page.map((bucket) => ({ Name: bucket.name, CreationDate: bucket.createdAt, BucketRegion: bucket.region })),
        ),
        ...(next ? { ContinuationToken: next } : {}),
        ...(prefix ? { Prefix: prefix } : {}),
      },
    },
  }
}

export function deleteBucket(ctx: RequestContext): RestXmlOutput {
  const bucket = requireOwnBucket(ctx)
  bucketStore(ctx).delete(bucket.name)
  return { status: 204 }
}

/** max-buckets 1–10,000 and a continuation-token S3 issued; both refused as InvalidArgument (FACTS.md: S3). */
function bucketPage(buckets: BucketRecord[], query: URLSearchParams): { page: BucketRecord[]; next?: string } {
  const maxText = query.get('max-buckets')
  const max = maxText === null ? MAX_BUCKETS : Number(maxText)
  if (!Number.isInteger(max) || max < 1 || max > MAX_BUCKETS) {
    throw invalidArgument(
      `Argument max-buckets must be an integer between 1 and ${MAX_BUCKETS}`,
      'max-buckets',
      maxText,
    )
  }
  const token = query.get('continuation-token')
  const invalid = () =>
    invalidArgument('The continuation token provided is incorrect', 'continuation-token', token ?? '')
  const after = token === null ? undefined : decodePageToken(token, 's3-buckets', invalid)
  const rest = after === undefined ? buckets : buckets.filter((bucket) => bucket.name > after)
  const page = rest.slice(0, max)
  return rest.length > max ? { page, next: encodePageToken('s3-buckets', page.at(-1)!.name) } : { page }
}

const MAX_BUCKETS = 10_000

function invalidArgument(message: string, name: string, value: string | null): AwsError {
  return new AwsError('InvalidArgument', message, { fields: { ArgumentName: name, ArgumentValue: value ?? '' } })
}
