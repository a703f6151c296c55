/** CloudWatch Logs (awsJson1_1, `Logs_20140328`): log groups and their tags. */
import { namedResource } from '../../core/audit.js'
import type { ServiceDefinition } from '../../core/types.js'
import * as authz from './authorize.js'
import { createLogGroup, deleteLogGroup, describeLogGroups } from './log-groups.js'
import { listLogGroupResources } from './resources.js'
import { deleteRetentionPolicy, putRetentionPolicy } from './retention.js'
import { logGroupArn } from './store.js'
import {
  listTagsForResource,
  listTagsLogGroup,
  tagLogGroup,
  tagResource,
  untagLogGroup,
  untagResource,
} from './tags.js'

const logGroupResource = namedResource('AWS::Logs::LogGroup', 'logGroupName', logGroupArn)

const service: ServiceDefinition = {
  signingName: 'logs',
  iamPrefix: 'logs',
  eventSource: 'logs.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'Logs_20140328',
  errorMessageKey: 'message',
  validationErrorCode: 'InvalidParameterException',
  operations: {
    CreateLogGroup: {
      handler: createLogGroup,
      authorize: authz.authorizeCreateLogGroup,
      cloudTrailResources: logGroupResource,
    },
    DeleteLogGroup: {
      handler: deleteLogGroup,
      authorize: authz.authorizeDeleteLogGroup,
      cloudTrailResources: logGroupResource,
    },
    PutRetentionPolicy: {
      handler: putRetentionPolicy,
      authorize: authz.authorizePutRetentionPolicy,
      cloudTrailResources: logGroupResource,
    },
    DeleteRetentionPolicy: {
      handler: deleteRetentionPolicy,
      authorize: authz.authorizeDeleteRetentionPolicy,
      cloudTrailResources: logGroupResource,
    },
    DescribeLogGroups: { handler: describeLogGroups, authorize: authz.authorizeDescribeLogGroups },
    TagResource: { handler: tagResource, authorize: authz.authorizeTagResource },
    UntagResource: { handler: untagResource, authorize: authz.authorizeUntagResource },
    ListTagsForResource: { handler: listTagsForResource, authorize: authz.authorizeListTagsForResource },
    TagLogGroup: { handler: tagLogGroup, authorize: authz.authorizeTagLogGroup },
    UntagLogGroup: { handler: untagLogGroup, authorize: authz.authorizeUntagLogGroup },
    ListTagsLogGroup: { handler: listTagsLogGroup, authorize: authz.authorizeListTagsLogGroup },
  },
  listResources: listLogGroupResources,
}

export default service
