/** sts: service definition (STUB: operations are filled in by the service's owner). */
import type { ServiceDefinition } from '../../core/types.js'

const service: ServiceDefinition = {
  signingName: 'sts',
  iamPrefix: 'sts',
  eventSource: 'sts.amazonaws.com',
  protocol: 'query',
  apiVersion: '2011-06-15',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  operations: {},
}

export default service
