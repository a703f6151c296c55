/** ec2: service definition (STUB: operations are filled in by the service's owner). */
import type { ServiceDefinition } from '../../core/types.js'

const service: ServiceDefinition = {
  signingName: 'ec2',
  iamPrefix: 'ec2',
  eventSource: 'ec2.amazonaws.com',
  protocol: 'ec2',
  apiVersion: '2016-11-15',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  operations: {},
}

export default service
