/** cloudtrail: service definition (STUB: operations are filled in by the service's owner). */
import type { ServiceDefinition } from '../../core/types.js'

const service: ServiceDefinition = {
  signingName: 'cloudtrail',
  iamPrefix: 'cloudtrail',
  eventSource: 'cloudtrail.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'CloudTrail_20131101',
  errorMessageKey: 'Message',
  operations: {},
}

export default service
