/** Amazon SNS (awsQuery, Version 2010-03-31): topics and their tags. */
import type { RequestContext, ServiceDefinition } from '../../core/types.js'
import * as authz from './authorize.js'
import { listTopicResources } from './resources.js'
import { topicArn } from './store.js'
import { listTagsForResource, tagResource, untagResource } from './tags.js'
import { createTopic, deleteTopic, getTopicAttributes, listTopics } from './topics.js'

const topicResource = (ctx: RequestContext) => [
  {
    ResourceType: 'AWS::SNS::Topic',
    ResourceName: topicArn(ctx.region, ctx.caller.accountId, String(ctx.params.Name ?? '')),
  },
]

const service: ServiceDefinition = {
  signingName: 'sns',
  iamPrefix: 'sns',
  eventSource: 'sns.amazonaws.com',
  protocol: 'query',
  apiVersion: '2010-03-31',
  xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
  validationErrorCode: 'InvalidParameter',
  operations: {
    CreateTopic: { handler: createTopic, authorize: authz.authorizeCreateTopic, cloudTrailResources: topicResource },
    GetTopicAttributes: { handler: getTopicAttributes, authorize: authz.onTopic('sns:GetTopicAttributes', 'TopicArn') },
    ListTopics: { handler: listTopics, authorize: authz.authorizeListTopics },
    DeleteTopic: { handler: deleteTopic, authorize: authz.onTopic('sns:DeleteTopic', 'TopicArn') },
    TagResource: { handler: tagResource, authorize: authz.authorizeTagResource },
    UntagResource: { handler: untagResource, authorize: authz.authorizeUntagResource },
    ListTagsForResource: {
      handler: listTagsForResource,
      authorize: authz.onTopic('sns:ListTagsForResource', 'ResourceArn'),
    },
  },
  listResources: listTopicResources,
}

export default service
