/** iam: service definition (STUB: operations are filled in by the service's owner). */
import type { ServiceDefinition } from '../../core/types.js'

const service: ServiceDefinition = {
  signingName: 'iam',
  iamPrefix: 'iam',
  eventSource: 'iam.amazonaws.com',
  protocol: 'query',
  apiVersion: '2010-05-08',
  xmlNamespace: 'https://iam.amazonaws.com/doc/2010-05-08/',
  global: true,
  operations: {},
}

export default service
