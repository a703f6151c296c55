/** Account Management (restJson1, global): opt-in regions of the caller's or a member account. */
import type { ServiceDefinition } from '../../core/types.js'
import { regionOperations } from './regions.js'

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
  operations: regionOperations,
}

export default service
