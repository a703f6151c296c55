/** ecr: service definition (STUB: operations are filled in by the service's owner). */
import type { ServiceDefinition } from '../../core/types.js'

const service: ServiceDefinition = {
  signingName: 'ecr',
  iamPrefix: 'ecr',
  eventSource: 'ecr.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
  errorMessageKey: 'message',
  operations: {},
}

export default service
