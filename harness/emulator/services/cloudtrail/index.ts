/** CloudTrail (awsJson1_1, `CloudTrail_20131101`): LookupEvents over the emulator's recorded calls. */
import type { ServiceDefinition } from '../../core/types.js'
import { lookupEvents } from './lookup-events.js'

const service: ServiceDefinition = {
  signingName: 'cloudtrail',
  iamPrefix: 'cloudtrail',
  eventSource: 'cloudtrail.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'CloudTrail_20131101',
  errorMessageKey: 'Message',
  operations: {
    LookupEvents: {
      handler: lookupEvents,
      authorize: () => [{ action: 'cloudtrail:LookupEvents', resource: '*', reason: 'primary' }],
      readOnly: true,
    },
  },
}

export default service
