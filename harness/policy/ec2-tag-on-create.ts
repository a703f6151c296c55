/**
 * EC2 tag-on-create (pure). A creating call given TagSpecifications is also authorized as ec2:CreateTags on each
 * resource it tags, with `ec2:CreateAction` = the call (EC2 UG "Grant permission to tag Amazon EC2 resources
 * during creation", https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/supported-iam-actions-tagging.html).
 * AWS's denial names only the first resource it fails (aws-facts §7), so a grant scoped to that one type fails
 * again on the next one: a fix covers every type the call can tag. The condition keeps it least-privilege: it
 * grants tags only as that call creates the resource, never on an existing one.
 */

/** The resource types each creating call can tag in its TagSpecifications (EC2 API reference, per call). */
export const EC2_TAGGABLE_ON_CREATE: Readonly<Record<string, readonly string[]>> = {
  // RunInstances: "You can specify tags for the following resources only: Instances, Volumes, Spot Instance
  // requests, Network interfaces".
  RunInstances: ['instance', 'volume', 'network-interface', 'spot-instances-request'],
  CreateVolume: ['volume'],
  CreateSecurityGroup: ['security-group'],
}

/** `arn:aws:ec2:us-east-1:123456789012:instance/*` → its partition, region, account and resource type. */
const EC2_ARN = /^arn:([^:]+):ec2:([^:]*):([^:]*):([a-z0-9-]+)\//

/** The types a tag-on-create grant covers, and their ARN patterns. */
export interface TagOnCreateResources {
  resourceTypes: string[]
  resources: string[]
}

/**
 * The ARN patterns ec2:CreateTags needs under `ec2:CreateAction` = `operation`, in the region and account of the
 * denied resource: one per type the call can tag (the denied type among them). For a call not in the table, every
 * resource type, as AWS's own example statement has it: the condition still confines it to what that call
 * creates. Undefined when the denied resource is not an EC2 ARN.
 */
export function tagOnCreateResources(operation: string, deniedResource: string): TagOnCreateResources | undefined {
  const arn = EC2_ARN.exec(deniedResource)
  if (!arn) return undefined
  const [, partition, region, account, deniedType = ''] = arn
  const known = EC2_TAGGABLE_ON_CREATE[operation]
  const resourceTypes = known ? [...new Set([...known, deniedType])] : ['*']
  return {
    resourceTypes,
    resources: resourceTypes.map((type) => `arn:${partition}:ec2:${region}:${account}:${type}/*`),
  }
}

/** A one-pattern list as the string a statement usually holds. */
export const asResource = (resources: string[]): string | string[] =>
  resources.length === 1 ? (resources[0] as string) : resources

/** Whether a denial of `action` under `operation` is EC2 tagging on create (not a CreateTags call of its own). */
export const isEc2TagOnCreate = (action: string | undefined, operation: string): boolean =>
  action === 'ec2:CreateTags' && operation !== 'CreateTags'
