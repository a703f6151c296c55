/** organizations: service definition (STUB: operations are filled in by the service's owner). */
import type { ServiceDefinition } from '../../core/types.js'

const service: ServiceDefinition = {
  signingName: 'organizations',
  iamPrefix: 'organizations',
  eventSource: 'organizations.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'AWSOrganizationsV20161128',
  errorMessageKey: 'Message',
  global: true,
  operations: {},
}

export default service
