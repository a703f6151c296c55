/** ssm: service definition (STUB: operations are filled in by the service's owner). */
import type { ServiceDefinition } from '../../core/types.js'

const service: ServiceDefinition = {
  signingName: 'ssm',
  iamPrefix: 'ssm',
  eventSource: 'ssm.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'AmazonSSM',
  errorMessageKey: 'message',
  operations: {},
}

export default service
