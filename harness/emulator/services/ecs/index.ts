/** Amazon ECS (awsJson1_1, `AmazonEC2ContainerServiceV20141113`): clusters, task definitions, tasks, services, tags, account settings. */
import type { ServiceDefinition } from '../../core/types.js'
import { listAccountSettings, putAccountSetting, putAccountSettingDefault } from './account-settings.js'
import * as authz from './authorize.js'
import { createCluster, deleteCluster, describeClusters, listClusters } from './clusters.js'
import { listEcsResources } from './resources.js'
import { createService, deleteService, describeServices } from './services.js'
import { listTagsForResource, tagResource, untagResource } from './tags.js'
import {
  deregisterTaskDefinition,
  describeTaskDefinition,
  listTaskDefinitions,
  registerTaskDefinition,
} from './task-definitions.js'
import { describeTasks, runTask, stopTask } from './tasks.js'

const service: ServiceDefinition = {
  signingName: 'ecs',
  iamPrefix: 'ecs',
  eventSource: 'ecs.amazonaws.com',
  protocol: 'json',
  targetPrefix: 'AmazonEC2ContainerServiceV20141113',
  errorMessageKey: 'message',
  validationErrorCode: 'InvalidParameterException',
  operations: {
    CreateCluster: { handler: createCluster, authorize: authz.authorizeCreateCluster },
    DescribeClusters: { handler: describeClusters, authorize: authz.anyResource('ecs:DescribeClusters') },
    ListClusters: { handler: listClusters, authorize: authz.anyResource('ecs:ListClusters') },
    DeleteCluster: {
      handler: deleteCluster,
      authorize: authz.onArn('ecs:DeleteCluster', authz.clusterArnOf('cluster')),
    },
    RegisterTaskDefinition: { handler: registerTaskDefinition, authorize: authz.authorizeRegisterTaskDefinition },
    DescribeTaskDefinition: {
      handler: describeTaskDefinition,
      authorize: authz.anyResource('ecs:DescribeTaskDefinition'),
    },
    DeregisterTaskDefinition: {
      handler: deregisterTaskDefinition,
      authorize: authz.anyResource('ecs:DeregisterTaskDefinition'),
    },
    ListTaskDefinitions: { handler: listTaskDefinitions, authorize: authz.anyResource('ecs:ListTaskDefinitions') },
    RunTask: { handler: runTask, authorize: authz.authorizeRunTask },
    DescribeTasks: {
      handler: describeTasks,
      authorize: authz.inCluster(
        'ecs:DescribeTasks',
        (ctx) => `arn:aws:ecs:${ctx.region}:${ctx.caller.accountId}:task/*`,
      ),
    },
    StopTask: {
      handler: stopTask,
      authorize: authz.inCluster('ecs:StopTask', (ctx) => String(ctx.params.task ?? '*')),
    },
    CreateService: { handler: createService, authorize: authz.authorizeCreateService },
    DescribeServices: {
      handler: describeServices,
      authorize: authz.inCluster(
        'ecs:DescribeServices',
        (ctx) => `arn:aws:ecs:${ctx.region}:${ctx.caller.accountId}:service/*`,
      ),
    },
    DeleteService: {
      handler: deleteService,
      authorize: authz.inCluster('ecs:DeleteService', (ctx) => String(ctx.params.service ?? '*')),
    },
    TagResource: { handler: tagResource, authorize: authz.onArn('ecs:TagResource', authz.resourceArnParam) },
    UntagResource: { handler: untagResource, authorize: authz.onArn('ecs:UntagResource', authz.resourceArnParam) },
    ListTagsForResource: {
      handler: listTagsForResource,
      authorize: authz.onArn('ecs:ListTagsForResource', authz.resourceArnParam),
    },
    PutAccountSetting: { handler: putAccountSetting, authorize: authz.anyResource('ecs:PutAccountSetting') },
    PutAccountSettingDefault: {
      handler: putAccountSettingDefault,
      authorize: authz.anyResource('ecs:PutAccountSettingDefault'),
    },
    ListAccountSettings: { handler: listAccountSettings, authorize: authz.anyResource('ecs:ListAccountSettings') },
  },
  listResources: listEcsResources,
}

export default service
