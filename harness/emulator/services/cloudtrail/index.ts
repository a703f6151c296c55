/** CloudTrail (awsJson1_1, `CloudTrail_20131101` or botocore's qualified prefix): LookupEvents over the emulator's recorded calls. */
import type { ServiceDefinition } from '../../core/types.js'
import { lookupEvents } from './lookup-events.js'

const service: ServiceDefinition = {
  signingName: 'cloudtrail',
  iamPrefix: 'cloudtrail',
  eventSource: 'cloudtrail.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'CloudTrail_20131101',
  // botocore (AWS CLI, boto3) sends the fully qualified form from its model's metadata.targetPrefix:
  // https://github.com/boto/botocore/blob/develop/botocore/data/cloudtrail/2013-11-01/service-2.json
  alternateTargetPrefixes: ['com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101'],
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
