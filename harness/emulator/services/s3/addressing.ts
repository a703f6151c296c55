/**
 * Which bucket and key an S3 request addresses. Virtual-hosted style puts the bucket in the host
 * (`<bucket>.s3.<region>.amazonaws.com`, or `<bucket>.localhost` locally); path style puts it first
 * in the path (`s3.<region>.amazonaws.com/<bucket>/<key>`, and any IP-address or `localhost`
 * endpoint, which is what SDKs use for custom endpoints).
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/VirtualHosting.html
 */
import { headerValue, type IncomingRequest } from '../../protocols/types.js'

export interface S3Address {
  bucket?: string
  /** Object key, decoded; empty for bucket-level requests. */
  key: string
  style: 'virtual-hosted' | 'path'
}

const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\])$/i
const VIRTUAL_HOST = /^(.+?)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/
const LOCAL_VIRTUAL_HOST = /^(.+)\.localhost$/

function hostWithoutPort(request: IncomingRequest): string {
  const host = (headerValue(request, 'host') ?? '').toLowerCase()
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '')
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

export function s3Address(request: IncomingRequest): S3Address {
  const host = hostWithoutPort(request)
  const path = request.rawPath.replace(/^\//, '')
  const virtual = IP_HOST.test(host) ? null : (VIRTUAL_HOST.exec(host) ?? LOCAL_VIRTUAL_HOST.exec(host))
  if (virtual) return { bucket: virtual[1], key: decode(path), style: 'virtual-hosted' }
  const slash = path.indexOf('/')
  const bucket = slash < 0 ? path : path.slice(0, slash)
  const key = slash < 0 ? '' : path.slice(slash + 1)
  return { bucket: bucket ? decode(bucket) : undefined, key: decode(key), style: 'path' }
}
