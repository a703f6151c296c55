/** account: service definition (STUB: operations are filled in by the service's owner). */
import type { ServiceDefinition } from '../../core/types.js'

const service: ServiceDefinition = {
  signingName: 'account',
  iamPrefix: 'account',
  eventSource: 'account.amazonaws.com',
  protocol: 'rest-json',
  errorMessageKey: 'message',
  global: true,
  restRoutes: {
    'POST /enableRegion': 'EnableRegion',
    'POST /disableRegion': 'DisableRegion',
    'POST /getRegionOptStatus': 'GetRegionOptStatus',
    'POST /listRegions': 'ListRegions',
  },
  operations: {},
}

export default service
