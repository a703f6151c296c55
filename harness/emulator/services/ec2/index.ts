/** EC2 (ec2Query 2016-11-15): regions and zones, the default network, AMIs, instances and tags. */
import type { RequestContext, ServiceDefinition } from '../../core/types.js'
import * as authz from './authorize.js'
import { describeImages } from './describe-images.js'
import { describeInstances } from './describe-instances.js'
import { describeInstanceTypeOfferings } from './instance-types.js'
import { describeSecurityGroups, describeSubnets, describeVpcs } from './network.js'
import { describeAvailabilityZones, describeRegions } from './regions.js'
import { listInstanceResources } from './resources.js'
import { runInstances } from './run-instances.js'
import { createTags, deleteTags } from './tags.js'
import { terminateInstances } from './terminate-instances.js'

function instanceResources(_ctx: RequestContext, output: unknown) {
  const items = (output as { instancesSet?: Array<{ instanceId: string }> })?.instancesSet ?? []
  return items.map((item) => ({ ResourceType: 'AWS::EC2::Instance', ResourceName: item.instanceId }))
}

const describe = (handler: (ctx: RequestContext) => unknown, action: string) => ({
  handler,
  authorize: authz.wildcardCheck(action),
  readOnly: true,
})

const service: ServiceDefinition = {
  signingName: 'ec2',
  iamPrefix: 'ec2',
  eventSource: 'ec2.amazonaws.com',
  protocol: 'ec2',
  apiVersion: '2016-11-15',
  xmlNamespace: 'http://ec2.amazonaws.com/doc/2016-11-15/',
  operations: {
    DescribeRegions: describe(describeRegions, 'ec2:DescribeRegions'),
    DescribeAvailabilityZones: describe(describeAvailabilityZones, 'ec2:DescribeAvailabilityZones'),
    DescribeVpcs: describe(describeVpcs, 'ec2:DescribeVpcs'),
    DescribeSubnets: describe(describeSubnets, 'ec2:DescribeSubnets'),
    DescribeSecurityGroups: describe(describeSecurityGroups, 'ec2:DescribeSecurityGroups'),
    DescribeImages: describe(describeImages, 'ec2:DescribeImages'),
    DescribeInstanceTypeOfferings: describe(describeInstanceTypeOfferings, 'ec2:DescribeInstanceTypeOfferings'),
    DescribeInstances: describe(describeInstances, 'ec2:DescribeInstances'),
    RunInstances: {
      handler: runInstances,
      authorize: authz.authorizeRunInstances,
      cloudTrailResources: instanceResources,
      readOnly: false,
    },
    TerminateInstances: {
      handler: terminateInstances,
      authorize: authz.authorizeTerminateInstances,
      cloudTrailResources: instanceResources,
      readOnly: false,
    },
    CreateTags: { handler: createTags, authorize: authz.authorizeCreateTags, readOnly: false },
    DeleteTags: { handler: deleteTags, authorize: authz.authorizeDeleteTags, readOnly: false },
  },
  listResources: listInstanceResources,
}

export default service
