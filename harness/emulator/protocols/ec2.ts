/** ec2Query: form `Action`/`Version` in, `<OpResponse><requestId>` XML out, `<Response><Errors>` errors. */
import { AwsError } from '../core/errors.js'
import { readForm, unflattenForm } from './form.js'
import type { ProtocolCodec, WireResponse } from './types.js'
import { escapeXml, toXml, XML_DECLARATION } from './xml.js'

const NOTHING_TO_SKIP = new Set<string>()
const CONTENT_TYPE = 'text/xml;charset=UTF-8'

function xmlResponse(status: number, requestId: string, body: string): WireResponse {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: XML_DECLARATION + body,
  }
}

export const ec2Protocol: ProtocolCodec = {
  peekOperation: (request) => readForm(request.body, request.query).get('Action') ?? undefined,

  parseRequest(request, service) {
    const form = readForm(request.body, request.query)
    const operation = form.get('Action')
    if (!operation) throw new AwsError('MissingAction', 'The request must contain the parameter Action')
    if (!Object.hasOwn(service.operations, operation)) {
      throw new AwsError('InvalidAction', `The action ${operation} is not valid for this web service.`)
    }
    return { operation, params: unflattenForm(form, NOTHING_TO_SKIP) }
  },

  serializeOutput(output, operation, service, requestId) {
    const body =
      `<${operation}Response xmlns="${service.xmlNamespace ?? ''}"><requestId>${requestId}</requestId>` +
      `${toXml(output, 'item')}</${operation}Response>`
    return xmlResponse(200, requestId, body)
  },

  serializeError(error, _service, requestId) {
    const body =
      `<Response><Errors><Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
      `</Error></Errors><RequestID>${requestId}</RequestID></Response>`
    return xmlResponse(error.status, requestId, body)
  },
}
