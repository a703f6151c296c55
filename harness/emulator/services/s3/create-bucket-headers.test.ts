/**
 * CreateBucket's ACL, Object Ownership and Object Lock headers through the real SDK v3 client: the
 * permissions each adds, the s3:locationconstraint condition key, and the April 2023 defaults
 * (ACLs disabled, Block Public Access on) that refuse ACLs on a new bucket.
 */
import { CreateBucketCommand, type CreateBucketCommandInput, S3Client } from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { failure, PINNED_DATE, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'
const inRegion = (input: CreateBucketCommandInput) =>
  new CreateBucketCommand({ CreateBucketConfiguration: { LocationConstraint: REGION }, ...input })

describe('CreateBucket headers', () => {
  const emu = withEmulator({ date: PINNED_DATE })

  it('Given only s3:CreateBucket, each header is denied on the permission it adds', async () => {
    const session = await minimalSession(emu, policy(allowStatement('s3:CreateBucket')), { region: REGION })
    const s3 = new S3Client(emu.clientConfig(REGION, session.credentials))
    const cases: Array<[CreateBucketCommandInput, string]> = [
      [{ Bucket: 'acl-bucket-harness', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' }, 's3:PutBucketAcl'],
      [{ Bucket: 'grant-bucket-harness', GrantRead: 'id="abc"' }, 's3:PutBucketAcl'],
      [{ Bucket: 'own-bucket-harness', ObjectOwnership: 'ObjectWriter' }, 's3:PutBucketOwnershipControls'],
      [{ Bucket: 'lock-bucket-harness', ObjectLockEnabledForBucket: true }, 's3:PutBucketObjectLockConfiguration'],
    ]
    for (const [input, action] of cases) {
      const denied = await failure(s3.send(inRegion(input)))
      expect(denied.name).toBe('AccessDenied')
      expect(denied.message).toContain(
        `is not authorized to perform: ${action} on resource: "arn:aws:s3:::${input.Bucket}"`,
      )
    }
    await s3.send(inRegion({ Bucket: 'private-bucket-harness', ACL: 'private' }))
  })

  it('Given the permissions, Object Lock also needs s3:PutBucketVersioning, and ownership plus lock succeed', async () => {
    const session = await minimalSession(
      emu,
      policy(
        allowStatement(['s3:CreateBucket', 's3:PutBucketOwnershipControls', 's3:PutBucketObjectLockConfiguration']),
      ),
      { region: REGION },
    )
    const s3 = new S3Client(emu.clientConfig(REGION, session.credentials))
    const denied = await failure(s3.send(inRegion({ Bucket: 'lock-bucket-harness', ObjectLockEnabledForBucket: true })))
    expect(denied.message).toContain('is not authorized to perform: s3:PutBucketVersioning')
    await s3.send(inRegion({ Bucket: 'owned-bucket-harness', ObjectOwnership: 'BucketOwnerEnforced' }))
  })

  it('refuses ACLs on a new bucket as S3 does since April 2023', async () => {
    const s3 = new S3Client(emu.clientConfig(REGION))
    // Texts as S3 answers them (FACTS.md, S3).
    const enforced = await failure(s3.send(inRegion({ Bucket: 'acl-bucket-harness', ACL: 'public-read' })))
    expect(enforced.name).toBe('InvalidBucketAclWithObjectOwnership')
    expect(enforced.message).toBe("Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting")
    expect(enforced.$metadata.httpStatusCode).toBe(400)
    const grants = await failure(s3.send(inRegion({ Bucket: 'grant-bucket-harness', GrantRead: 'id="abc"' })))
    expect(grants.name).toBe('InvalidBucketAclWithObjectOwnership')
    const blocked = await failure(
      s3.send(inRegion({ Bucket: 'public-bucket-harness', ACL: 'public-read', ObjectOwnership: 'ObjectWriter' })),
    )
    expect(blocked.name).toBe('AccessDenied')
    expect(blocked.$metadata.httpStatusCode).toBe(403)
    await s3.send(inRegion({ Bucket: 'private-acl-bucket-harness', ACL: 'private' }))
    await s3.send(inRegion({ Bucket: 'writer-bucket-harness', GrantRead: 'id="abc"', ObjectOwnership: 'ObjectWriter' }))
  })

  it('sets s3:locationconstraint, so a Deny on it matches', async () => {
    const onlyEu = {
      Effect: 'Deny',
      Action: 's3:CreateBucket',
      Resource: '*',
      Condition: { StringNotEquals: { 's3:locationconstraint': 'eu-west-1' } },
    }
    const session = await minimalSession(emu, policy(allowStatement('s3:CreateBucket'), onlyEu), { region: REGION })
    await new S3Client(emu.clientConfig(REGION, session.credentials)).send(inRegion({ Bucket: 'eu-bucket-harness' }))
    const west = new S3Client(emu.clientConfig('us-west-2', session.credentials))
    const denied = await failure(
      west.send(
        new CreateBucketCommand({
          Bucket: 'west-bucket-harness',
          CreateBucketConfiguration: { LocationConstraint: 'us-west-2' },
        }),
      ),
    )
    expect(denied.name).toBe('AccessDenied')
    expect(denied.message).toContain('with an explicit deny in an identity-based policy')
  })
})

describe('CreateBucket headers before April 2023', () => {
  const emu = withEmulator({ date: '2023-03-01T00:00:00Z' })

  it('accepts a public ACL: buckets were ObjectWriter without Block Public Access then', async () => {
    await new S3Client(emu.clientConfig(REGION)).send(
      inRegion({ Bucket: 'old-acl-bucket-harness', ACL: 'public-read' }),
    )
  })
})
