/**
 * S3 through the real SDK v3 client (restXml): buckets with tags, path-style and virtual-hosted
 * addressing, modeled errors, tag-on-create and other IAM denials in S3's words.
 */
import {
  BucketAlreadyExists,
  BucketAlreadyOwnedByYou,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteBucketTaggingCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  NoSuchBucket,
  NotFound,
  PutBucketCorsCommand,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3'
import { describe, expect, it } from 'vitest'
import { allowStatement, minimalSession, policy } from '../../authz/test-fixtures.js'
import { memberAdmin, vendAccount } from '../../test-accounts.js'
import { failure, signedRequest, type TestEmulator, withEmulator } from '../../testing.js'

const REGION = 'eu-west-1'
const ACCOUNT = '111111111111'

/** A client addressing buckets virtual-hosted style (`<bucket>.s3.<region>.amazonaws.com`) while connecting to the emulator. */
function virtualHostedClient(emu: TestEmulator, region: string): S3Client {
  const { port } = new URL(emu.endpoint)
  const client = new S3Client({
    ...emu.clientConfig(region),
    endpoint: `http://s3.${region}.amazonaws.com:${port}`,
    forcePathStyle: false,
  })
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { hostname: string; headers: Record<string, string> }
      expect(request.headers.host).toMatch(new RegExp(`^[a-z0-9.-]+\\.s3\\.${region}\\.amazonaws\\.com:${port}$`))
      request.hostname = '127.0.0.1' // connect locally; the signed Host header still names the bucket
      return next(args)
    },
    { step: 'finalizeRequest', priority: 'low', name: 'connectToEmulator' },
  )
  return client
}

const createIn = (region: string, Bucket: string, Tags?: Array<{ Key: string; Value: string }>) =>
  new CreateBucketCommand({
    Bucket,
    ...(region === 'us-east-1' && !Tags
      ? {}
      : {
          CreateBucketConfiguration: {
            ...(region === 'us-east-1' ? {} : { LocationConstraint: region as 'eu-west-1' }),
            Tags,
          },
        }),
  })

describe('S3 buckets', () => {
  const emu = withEmulator({ date: '2026-06-01T00:00:00Z' })
  const s3 = (region = REGION) => new S3Client(emu.clientConfig(region))

  it('Given CreateBucket with tags (path style), the bucket is found, listed, retagged and deleted', async () => {
    const created = await s3().send(createIn(REGION, 'harness-data', [{ Key: 'team', Value: 'blue' }]))
    expect(created.Location).toBe('/harness-data')
    const head = await s3().send(new HeadBucketCommand({ Bucket: 'harness-data' }))
    expect(head.BucketRegion).toBe(REGION)
    const { Buckets, Owner } = await s3().send(new ListBucketsCommand({}))
    expect(Buckets!.map((bucket) => [bucket.Name, bucket.BucketRegion])).toEqual([['harness-data', REGION]])
    expect(Buckets![0]!.CreationDate!.toISOString()).toMatch(/^2026-06-01T/)
    expect(Owner!.ID).toMatch(new RegExp(`^0+${ACCOUNT}$`))
    expect((await s3().send(new GetBucketTaggingCommand({ Bucket: 'harness-data' }))).TagSet).toEqual([
      { Key: 'team', Value: 'blue' },
    ])
    await s3().send(
      new PutBucketTaggingCommand({
        Bucket: 'harness-data',
        Tagging: {
          TagSet: [
            { Key: 'env', Value: 'dev' },
            { Key: 'x', Value: 'y' },
          ],
        },
      }),
    )
    expect((await s3().send(new GetBucketTaggingCommand({ Bucket: 'harness-data' }))).TagSet).toEqual([
      { Key: 'env', Value: 'dev' },
      { Key: 'x', Value: 'y' },
    ])
    const listed = JSON.stringify(await (await fetch(`${emu.endpoint}/_emulator/resources`)).json())
    expect(listed).toContain('"arn":"arn:aws:s3:::harness-data"')
    await s3().send(new DeleteBucketTaggingCommand({ Bucket: 'harness-data' }))
    const noTags = await failure(s3().send(new GetBucketTaggingCommand({ Bucket: 'harness-data' })))
    expect(noTags.name).toBe('NoSuchTagSet')
    expect(noTags.$metadata.httpStatusCode).toBe(404)
    await s3().send(new DeleteBucketCommand({ Bucket: 'harness-data' }))
    expect(await failure(s3().send(new HeadBucketCommand({ Bucket: 'harness-data' })))).toBeInstanceOf(NotFound)
  })

  it('serves virtual-hosted style requests', async () => {
    const s3v = virtualHostedClient(emu, REGION)
    await s3v.send(createIn(REGION, 'vhost-bucket'))
    await s3v.send(
      new PutBucketTaggingCommand({ Bucket: 'vhost-bucket', Tagging: { TagSet: [{ Key: 'k', Value: 'v' }] } }),
    )
    expect((await s3v.send(new GetBucketTaggingCommand({ Bucket: 'vhost-bucket' }))).TagSet).toEqual([
      { Key: 'k', Value: 'v' },
    ])
    expect((await s3().send(new HeadBucketCommand({ Bucket: 'vhost-bucket' }))).BucketRegion).toBe(REGION)
    await s3v.send(new DeleteBucketCommand({ Bucket: 'vhost-bucket' }))
  })

  it('answers modeled errors the SDK recognizes', async () => {
    const missing = await failure(s3().send(new DeleteBucketCommand({ Bucket: 'no-such-bucket' })))
    expect(missing).toBeInstanceOf(NoSuchBucket)
    expect(missing.message).toBe('The specified bucket does not exist')
    expect(missing.$metadata.httpStatusCode).toBe(404)

    await s3().send(createIn(REGION, 'mine'))
    const again = await failure(s3().send(createIn(REGION, 'mine')))
    expect(again).toBeInstanceOf(BucketAlreadyOwnedByYou)
    expect(again.$metadata.httpStatusCode).toBe(409)

    const other = await memberAdmin(emu, await vendAccount(emu))
    const taken = await failure(new S3Client(emu.clientConfig(REGION, other)).send(createIn(REGION, 'mine')))
    expect(taken).toBeInstanceOf(BucketAlreadyExists)

    const badName = await failure(s3().send(createIn(REGION, 'Bad_Name')))
    expect(badName.name).toBe('InvalidBucketName')
    expect(badName.message).toBe('The specified bucket is not valid.')

    // The SDK fills in LocationConstraint from its region, so a client without that middleware is needed here.
    const noConstraint = await signedRequest(emu.endpoint, {
      service: 's3',
      region: REGION,
      method: 'PUT',
      path: '/no-constraint',
    })
    expect(noConstraint.status).toBe(400)
    expect(noConstraint.body).toContain('<Code>IllegalLocationConstraintException</Code>')
    expect(noConstraint.body).toContain(
      '<Message>The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.</Message>',
    )
    const wrongRegion = await failure(s3('us-west-2').send(new GetBucketTaggingCommand({ Bucket: 'mine' })))
    expect(wrongRegion.name).toBe('AuthorizationHeaderMalformed')

    const reserved = await failure(
      s3().send(new PutBucketTaggingCommand({ Bucket: 'mine', Tagging: { TagSet: [{ Key: 'aws:x', Value: 'v' }] } })),
    )
    expect(reserved.name).toBe('InvalidTag')
  })

  it('us-east-1 answers 200 when you create a bucket you already own there (legacy behaviour)', async () => {
    await s3('us-east-1').send(createIn('us-east-1', 'legacy-east'))
    await s3('us-east-1').send(createIn('us-east-1', 'legacy-east'))
    const explicit = await failure(
      s3('us-east-1').send(
        new CreateBucketCommand({
          Bucket: 'east-2',
          CreateBucketConfiguration: { LocationConstraint: 'us-east-1' as 'eu-west-1' },
        }),
      ),
    )
    expect(explicit.name).toBe('InvalidLocationConstraint')
  })

  it('answers an unserved S3 operation with 501 NotImplemented naming it and s3:PutBucketCORS', async () => {
    await s3().send(createIn(REGION, 'cors-bucket'))
    const error = await failure(
      s3().send(
        new PutBucketCorsCommand({
          Bucket: 'cors-bucket',
          CORSConfiguration: { CORSRules: [{ AllowedMethods: ['GET'], AllowedOrigins: ['*'] }] },
        }),
      ),
    )
    expect(error.name).toBe('NotImplemented')
    expect(error.$metadata.httpStatusCode).toBe(501)
    expect(error.message).toContain('does not serve the s3 operation PutBucketCors')
    expect(error.message).toContain('s3:PutBucketCORS')
  })

  it('CreateBucket with tags needs s3:TagResource; denials quote the bucket ARN', async () => {
    const session = await minimalSession(emu, policy(allowStatement('s3:CreateBucket')), { region: REGION })
    const minimal = new S3Client(emu.clientConfig(REGION, session.credentials))
    await minimal.send(createIn(REGION, 'plain-bucket-min'))
    const denied = await failure(minimal.send(createIn(REGION, 'tagged-bucket-min', [{ Key: 'k', Value: 'v' }])))
    expect(denied.name).toBe('AccessDenied')
    expect(denied.$metadata.httpStatusCode).toBe(403)
    expect(denied.message).toContain(
      'is not authorized to perform: s3:TagResource on resource: "arn:aws:s3:::tagged-bucket-min" ' +
        'because no identity-based policy allows the s3:TagResource action',
    )
    const listDenied = await failure(minimal.send(new ListBucketsCommand({})))
    expect(listDenied.message).toContain('s3:ListAllMyBuckets')
  })
})
