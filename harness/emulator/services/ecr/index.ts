/** ECR (awsJson1_1, `AmazonEC2ContainerRegistry_V20150921`): repositories and their tags. */
import { namedResource } from '../../core/audit.js'
import type { ServiceDefinition } from '../../core/types.js'
import * as authz from './authorize.js'
import { createRepository, deleteRepository, describeRepositories } from './repositories.js'
import { listRepositoryResources } from './resources.js'
import { repositoryArn } from './store.js'
import { listTagsForResource, tagResource, untagResource } from './tags.js'

const repositoryResource = namedResource('AWS::ECR::Repository', 'repositoryName', repositoryArn)

const service: ServiceDefinition = {
  signingName: 'ecr',
  iamPrefix: 'ecr',
  eventSource: 'ecr.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'AmazonEC2ContainerRegistry_V20150921',
  errorMessageKey: 'message',
  validationErrorCode: 'InvalidParameterException',
  operations: {
    CreateRepository: {
      handler: createRepository,
      authorize: authz.authorizeCreateRepository,
      cloudTrailResources: repositoryResource,
    },
    DeleteRepository: {
      handler: deleteRepository,
      authorize: authz.authorizeDeleteRepository,
      cloudTrailResources: repositoryResource,
    },
    DescribeRepositories: { handler: describeRepositories, authorize: authz.authorizeDescribeRepositories },
    TagResource: { handler: tagResource, authorize: authz.authorizeTagResource },
    UntagResource: { handler: untagResource, authorize: authz.authorizeUntagResource },
    ListTagsForResource: { handler: listTagsForResource, authorize: authz.authorizeListTagsForResource },
  },
  listResources: listRepositoryResources,
}

export default service
