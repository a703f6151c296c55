/**
 * Setup facts looked up with administrator credentials before a region's scenarios run, so the
 * declared policy needs no lookup permissions. Each lookup is best effort: a missing fact leaves the
 * field undefined and the scenario that needs it skips its step.
 */
import { createRequire } from 'node:module'
import type * as SdkEc2 from '@aws-sdk/client-ec2'
import type * as SdkSsm from '@aws-sdk/client-ssm'
import type { ClientFactory, ScenarioFacts } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { DescribeInstanceTypeOfferingsCommand, DescribeSubnetsCommand, EC2Client } = requireSdk(
  '@aws-sdk/client-ec2',
) as typeof SdkEc2
const { GetParameterCommand, SSMClient } = requireSdk('@aws-sdk/client-ssm') as typeof SdkSsm

export const AMI_PARAMETER = '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'
/** Smallest general-purpose types first; t2 is missing from newer regions. */
export const PREFERRED_INSTANCE_TYPES = ['t3.micro', 't3a.micro', 't2.micro', 't3.nano', 't4g.micro', 'm5.large']

export async function lookupFacts(admin: ClientFactory): Promise<{ facts: ScenarioFacts; problems: string[] }> {
  const problems: string[] = []
  const attempt = async <T>(what: string, fn: () => Promise<T | undefined>): Promise<T | undefined> => {
    try {
      const value = await fn()
      if (value === undefined) problems.push(`${what}: none found`)
      return value
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.name : String(error)}`)
      return undefined
    }
  }
  const ssm = admin(SSMClient)
  const ec2 = admin(EC2Client)
  const [imageId, subnetId, instanceType] = await Promise.all([
    attempt('AMI', async () => (await ssm.send(new GetParameterCommand({ Name: AMI_PARAMETER }))).Parameter?.Value),
    attempt('default subnet', async () => {
      const filters = [{ Name: 'default-for-az', Values: ['true'] }]
      const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: filters }))).Subnets ?? []
      return subnets.map((subnet) => subnet.SubnetId).find(Boolean)
    }),
    attempt('instance type', async () => {
      const command = new DescribeInstanceTypeOfferingsCommand({
        LocationType: 'region',
        Filters: [{ Name: 'instance-type', Values: PREFERRED_INSTANCE_TYPES }],
      })
      const offered = new Set(
        ((await ec2.send(command)).InstanceTypeOfferings ?? []).map((offer) => offer.InstanceType),
      )
      return PREFERRED_INSTANCE_TYPES.find((type) => offered.has(type as never))
    }),
  ])
  return { facts: { imageId, subnetId, instanceType }, problems }
}
