/** logs: service definition (STUB: operations are filled in by the service's owner). */
import type { ServiceDefinition } from '../../core/types.js'

const service: ServiceDefinition = {
  signingName: 'logs',
  iamPrefix: 'logs',
  eventSource: 'logs.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'Logs_20140328',
  errorMessageKey: 'message',
  operations: {},
}

export default service
