/**
 * What S3 handlers read from the request: its address and its XML body. The body is parsed with
 * the SDK's own XML parser (@aws-sdk/xml-builder, installed with @aws-sdk/core), the parser S3
 * clients use on the other side.
 */
import { parseXML } from '@aws-sdk/xml-builder'
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import type { IncomingRequest } from '../../protocols/types.js'
import { type S3Address, s3Address } from './addressing.js'

export function incoming(ctx: RequestContext): IncomingRequest {
  return ctx.params.$request as IncomingRequest
}

export function addressOf(ctx: RequestContext): S3Address {
  return s3Address(incoming(ctx))
}

/** https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html: MalformedXML. */
export function malformedXml(): AwsError {
  return new AwsError(
    'MalformedXML',
    'The XML you provided was not well-formed or did not validate against our published schema',
  )
}

/** The document under `root`, or undefined for an empty body. */
export function readXmlBody(ctx: RequestContext, root: string): Record<string, any> | undefined {
  const text = incoming(ctx).body.toString('utf8').trim()
  if (!text) return undefined
  let parsed: Record<string, any>
  try {
    parsed = parseXML(text) as Record<string, any>
  } catch {
    throw malformedXml()
  }
  const document = parsed[root]
  if (document === undefined) throw malformedXml()
  return typeof document === 'object' && document !== null ? document : {}
}

/** `<TagSet><Tag><Key/><Value/></Tag>…</TagSet>` (one Tag parses as an object, several as a list). */
export function readTagSet(container: Record<string, any> | undefined): Array<{ Key: string; Value: string }> {
  const tagSet = container?.TagSet ?? container?.Tags
  const raw = tagSet?.Tag
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]
  return list.map((tag: Record<string, unknown>) => {
    if (typeof tag?.Key !== 'string') throw malformedXml()
    return { Key: tag.Key, Value: typeof tag.Value === 'string' ? tag.Value : '' }
  })
}
