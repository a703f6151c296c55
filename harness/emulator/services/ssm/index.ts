/** SSM (awsJson1_1, `AmazonSSM`): the public `/aws/service/ami-amazon-linux-latest/*` parameters and the account's own. */
import { namedResource } from '../../core/audit.js'
import type { ServiceDefinition } from '../../core/types.js'
import { deleteParameter, putParameter } from './account-parameters.js'
import * as authz from './authorize.js'
import { authorizeGetParameter, authorizeGetParameters, getParameter, getParameters } from './parameters.js'
import { parameterArn } from './public-parameters.js'
import { listParameterResources } from './resources.js'
import { addTagsToResource, listTagsForResource, removeTagsFromResource } from './tags.js'

const parameterResource = namedResource('AWS::SSM::Parameter', 'Name', parameterArn)

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
    PutParameter: {
      handler: putParameter,
      authorize: authz.authorizePutParameter,
      cloudTrailResources: parameterResource,
    },
    DeleteParameter: {
      handler: deleteParameter,
      authorize: authz.authorizeDeleteParameter,
      cloudTrailResources: parameterResource,
    },
    AddTagsToResource: { handler: addTagsToResource, authorize: authz.authorizeAddTagsToResource },
    RemoveTagsFromResource: { handler: removeTagsFromResource, authorize: authz.authorizeRemoveTagsFromResource },
    ListTagsForResource: { handler: listTagsForResource, authorize: authz.authorizeListTagsForResource },
  },
  listResources: listParameterResources,
}

export default service
