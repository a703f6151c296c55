/** S3 addressing and the schema-generated route table, table-driven (Given a request, Then bucket/key/operation). */
import { beforeAll, describe, expect, it } from 'vitest'
import type { IncomingRequest } from '../../protocols/types.js'
import { s3Address } from './addressing.js'
import { loadS3Routes, resolveS3Operation } from './routes.js'

function request(
  method: string,
  host: string,
  pathAndQuery: string,
  headers: Record<string, string> = {},
): IncomingRequest {
  const [rawPath = '/', query = ''] = pathAndQuery.split('?')
  return { method, rawPath, query: new URLSearchParams(query), headers: { host, ...headers }, body: Buffer.alloc(0) }
}

beforeAll(() => loadS3Routes())

describe('s3Address', () => {
  it.each([
    ['127.0.0.1:4566', '/bucket/a/b%20c', { bucket: 'bucket', key: 'a/b c', style: 'path' }],
    ['s3.eu-west-1.amazonaws.com', '/bucket', { bucket: 'bucket', key: '', style: 'path' }],
    ['bucket.s3.eu-west-1.amazonaws.com', '/key', { bucket: 'bucket', key: 'key', style: 'virtual-hosted' }],
    ['my.dotted.bucket.s3.amazonaws.com', '/', { bucket: 'my.dotted.bucket', key: '', style: 'virtual-hosted' }],
    ['bucket.localhost:4566', '/', { bucket: 'bucket', key: '', style: 'virtual-hosted' }],
    ['[::1]:4566', '/', { bucket: undefined, key: '', style: 'path' }],
  ])('Given host %s and path %s', (host, path, expected) => {
    expect(s3Address(request('GET', host, path))).toEqual(expected)
  })
})

describe('resolveS3Operation (routes from the SDK schema)', () => {
  it.each([
    ['GET', '/', 'ListBuckets'],
    ['GET', '/?x-id=ListBuckets', 'ListBuckets'],
    ['PUT', '/b', 'CreateBucket'],
    ['HEAD', '/b', 'HeadBucket'],
    ['DELETE', '/b', 'DeleteBucket'],
    ['PUT', '/b?tagging', 'PutBucketTagging'],
    ['GET', '/b?tagging', 'GetBucketTagging'],
    ['DELETE', '/b?tagging', 'DeleteBucketTagging'],
    ['GET', '/b', 'ListObjects'],
    ['GET', '/b?list-type=2', 'ListObjectsV2'],
    ['PUT', '/b?cors', 'PutBucketCors'],
    ['GET', '/b/k', 'GetObject'],
    ['PUT', '/b/k?x-id=PutObject', 'PutObject'],
    ['GET', '/b/k?tagging', 'GetObjectTagging'],
  ])('%s %s → %s', (method, path, operation) => {
    expect(resolveS3Operation(request(method, '127.0.0.1', path))).toBe(operation)
  })

  // botocore and the AWS CLI send no x-id: the input's required bindings (a header, query members) tell them apart.
  const copySource = { 'x-amz-copy-source': '/src/k' }
  it.each([
    ['PUT', '/b/k', {}, 'PutObject'],
    ['PUT', '/b/k', copySource, 'CopyObject'],
    ['PUT', '/b/k?partNumber=1&uploadId=u', {}, 'UploadPart'],
    ['PUT', '/b/k?partNumber=1&uploadId=u', copySource, 'UploadPartCopy'],
    ['PUT', '/b/k?x-id=PutObject', {}, 'PutObject'],
    ['GET', '/b/k?uploadId=u', {}, 'ListParts'],
    ['DELETE', '/b/k?uploadId=u', {}, 'AbortMultipartUpload'],
    ['POST', '/b/k?uploadId=u', {}, 'CompleteMultipartUpload'],
    ['DELETE', '/b/k', {}, 'DeleteObject'],
    // A request missing a required member is still the operation its subresource names (AWS refuses it as such).
    ['DELETE', '/b?analytics', {}, 'DeleteBucketAnalyticsConfiguration'],
    ['PUT', '/b?inventory', {}, 'PutBucketInventoryConfiguration'],
    ['GET', '/b/k?attributes', {}, 'GetObjectAttributes'],
  ])('without x-id: %s %s %o → %s', (method, path, headers, operation) => {
    expect(resolveS3Operation(request(method, '127.0.0.1', path, headers))).toBe(operation)
  })
})
