/** SSM (awsJson1_1, `AmazonSSM`): the public `/aws/service/ami-amazon-linux-latest/*` parameters. */
import type { ServiceDefinition } from '../../core/types.js'
import { authorizeGetParameter, authorizeGetParameters, getParameter, getParameters } from './parameters.js'

const service: ServiceDefinition = {
  signingName: 'ssm',
  iamPrefix: 'ssm',
  eventSource: 'ssm.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'AmazonSSM',
  errorMessageKey: 'message',
  operations: {
    GetParameter: { handler: getParameter, authorize: authorizeGetParameter },
    GetParameters: { handler: getParameters, authorize: authorizeGetParameters },
  },
}

export default service
