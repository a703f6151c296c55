/** awsQuery (STS, IAM): form `Action`/`Version` in, `<OpResponse><OpResult>` XML out, `<ErrorResponse>` errors. */
import { AwsError } from '../core/errors.js'
import { readForm, unflattenForm } from './form.js'
import type { ProtocolCodec, WireResponse } from './types.js'
import { escapeXml, toXml } from './xml.js'

const SKIP = new Set(['member'])
const CONTENT_TYPE = 'text/xml'

function xmlResponse(status: number, requestId: string, body: string): WireResponse {
  return { status, headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId }, body }
}

export const queryProtocol: ProtocolCodec = {
  peekOperation: (request) => readForm(request.body, request.query).get('Action') ?? undefined,

  parseRequest(request, service) {
    const form = readForm(request.body, request.query)
    const operation = form.get('Action')
    const version = form.get('Version')
    if (!operation) throw new AwsError('MissingAction', 'Missing Action')
    if (!Object.hasOwn(service.operations, operation) || version !== service.apiVersion) {
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${operation} for version ${version ?? 'NO_VERSION_SPECIFIED'}`,
      )
    }
    return { operation, params: unflattenForm(form, SKIP) }
  },

  serializeOutput(output, operation, service, requestId) {
    const result =
      output === undefined || output === null
        ? ''
        : `<${operation}Result>${toXml(output, 'member')}</${operation}Result>`
    const body =
      `<${operation}Response xmlns="${service.xmlNamespace ?? ''}">${result}` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`
    return xmlResponse(200, requestId, body)
  },

  serializeError(error, service, requestId) {
    const type = error.fault === 'server' ? 'Receiver' : 'Sender'
    const body =
      `<ErrorResponse xmlns="${service.xmlNamespace ?? ''}"><Error><Type>${type}</Type>` +
      `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${toXml(error.fields, 'member')}</Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`
    return xmlResponse(error.status, requestId, body)
  },
}
