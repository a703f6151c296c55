/** The codec for each protocol a ServiceDefinition declares. */
import type { Protocol } from '../core/types.js'
import { ec2Protocol } from './ec2.js'
import { jsonProtocol } from './json.js'
import { queryProtocol } from './query.js'
import { restJsonProtocol } from './rest-json.js'
import { restXmlProtocol } from './rest-xml.js'
import type { ProtocolCodec } from './types.js'

const CODECS: Record<Protocol, ProtocolCodec> = {
  json: jsonProtocol,
  'rest-json': restJsonProtocol,
  query: queryProtocol,
  ec2: ec2Protocol,
  'rest-xml': restXmlProtocol,
}

export function codecFor(protocol: Protocol): ProtocolCodec {
  return CODECS[protocol]
}

export type { IncomingRequest, ParsedOperation, ProtocolCodec, WireResponse } from './types.js'
