/**
 * The CreateBucket headers that ask for more than a bucket: a canned ACL or grants, Object Ownership,
 * Object Lock. Each needs its own permission besides s3:CreateBucket, as the CreateBucket API reference
 * lists them (Permissions; the S3 model shipped with @aws-sdk/client-s3 carries the same text):
 * - an ACL other than `private`, or any x-amz-grant-* header: s3:PutBucketAcl;
 * - x-amz-object-ownership: s3:PutBucketOwnershipControls;
 * - x-amz-bucket-object-lock-enabled: true: s3:PutBucketObjectLockConfiguration and s3:PutBucketVersioning.
 * Since April 2023 a new bucket is BucketOwnerEnforced (ACLs disabled) and blocks public access unless
 * the request says otherwise (timeline: aws-2023-s3-acls-disabled-by-default), so an ACL without a
 * different Object Ownership is InvalidBucketAclWithObjectOwnership (full control for the owner alone
 * excepted: "a bucket ACL that provides access to an external AWS account" fails), and a public ACL fails even then
 * ("If you try to create a bucket with a public ACL, the request will fail"). Texts in FACTS.md (S3).
 */
import { AwsError } from '../../core/errors.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { behaviourInForce } from '../../timeline/apply.js'
import { incoming } from './request.js'

const GRANT_HEADERS = ['full-control', 'read', 'read-acp', 'write', 'write-acp'] as const
const PUBLIC_CANNED = new Set(['public-read', 'public-read-write', 'authenticated-read'])
const PUBLIC_GROUPS = /acs\.amazonaws\.com\/groups\/global\/(AllUsers|AuthenticatedUsers)/

interface BucketHeaders {
  acl?: string
  grants: Partial<Record<(typeof GRANT_HEADERS)[number], string>>
  ownership?: string
  objectLock: boolean
}

function readHeaders(ctx: RequestContext): BucketHeaders {
  const headers = incoming(ctx).headers
  const header = (name: string) => {
    const value = headers[name]
    return typeof value === 'string' && value !== '' ? value : undefined
  }
  const grants: BucketHeaders['grants'] = {}
  for (const grant of GRANT_HEADERS) {
    const value = header(`x-amz-grant-${grant}`)
    if (value !== undefined) grants[grant] = value
  }
  return {
    acl: header('x-amz-acl'),
    grants,
    ownership: header('x-amz-object-ownership'),
    objectLock: header('x-amz-bucket-object-lock-enabled')?.toLowerCase() === 'true',
  }
}

const setsAcl = (h: BucketHeaders) => (h.acl !== undefined && h.acl !== 'private') || Object.keys(h.grants).length > 0

/** The s3:x-amz-* condition keys of these headers (Service Authorization Reference, Amazon S3). */
export function createBucketHeaderKeys(ctx: RequestContext): Record<string, string | undefined> {
  const h = readHeaders(ctx)
  const keys: Record<string, string | undefined> = {
    's3:x-amz-acl': h.acl,
    's3:x-amz-object-ownership': h.ownership,
  }
  for (const [grant, value] of Object.entries(h.grants)) keys[`s3:x-amz-grant-${grant}`] = value
  return keys
}

/** The permissions these headers add to s3:CreateBucket, on the new bucket. */
export function createBucketHeaderChecks(ctx: RequestContext, resource: string): AuthCheck[] {
  const h = readHeaders(ctx)
  const actions = [
    ...(setsAcl(h) ? ['s3:PutBucketAcl'] : []),
    ...(h.ownership !== undefined ? ['s3:PutBucketOwnershipControls'] : []),
    ...(h.objectLock ? ['s3:PutBucketObjectLockConfiguration', 's3:PutBucketVersioning'] : []),
  ]
  return actions.map((action) => ({ action, resource, reason: 'create-bucket-header' }))
}

/** Grants of full control to the bucket owner alone: the one ACL a BucketOwnerEnforced bucket accepts. */
function ownerOnly(ctx: RequestContext, h: BucketHeaders): boolean {
  if (h.acl !== undefined && h.acl !== 'private') return false
  const owner = `id="${ctx.caller.accountId.padStart(64, '0')}"`
  const grants = Object.entries(h.grants)
  return grants.every(([grant, grantees]) => grant === 'full-control' && grantees!.trim() === owner)
}

/** Refuses an ACL the new bucket's Object Ownership and Block Public Access settings do not allow. */
export function checkCreateBucketAcl(ctx: RequestContext): void {
  const h = readHeaders(ctx)
  if (!setsAcl(h)) return
  const secureDefaults = behaviourInForce(ctx, 's3:CreateBucket', 's3-acls-disabled-by-default')
  const ownership = h.ownership ?? (secureDefaults ? 'BucketOwnerEnforced' : 'ObjectWriter')
  if (ownership === 'BucketOwnerEnforced' && !ownerOnly(ctx, h)) {
    throw new AwsError(
      'InvalidBucketAclWithObjectOwnership',
      "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting",
    )
  }
  const isPublic =
    (h.acl !== undefined && PUBLIC_CANNED.has(h.acl)) ||
    Object.values(h.grants).some((grantees) => PUBLIC_GROUPS.test(grantees ?? ''))
  if (secureDefaults && isPublic) throw new AwsError('AccessDenied', 'Access Denied', { status: 403 })
}
