/** EC2 resource ARNs in the Service Authorization Reference format (images have no account). */
import type { RequestContext } from '../../core/types.js'

export type Ec2ResourceType =
  | 'instance'
  | 'volume'
  | 'network-interface'
  | 'subnet'
  | 'security-group'
  | 'vpc'
  | 'image'
  | 'key-pair'

export function ec2Arn(ctx: RequestContext, type: Ec2ResourceType, id: string): string {
  if (type === 'image') return `arn:aws:ec2:${ctx.region}::image/${id}`
  return `arn:aws:ec2:${ctx.region}:${ctx.caller.accountId}:${type}/${id}`
}

/** The resource type an EC2 id names, from its prefix. */
export function resourceTypeOfId(id: string): Ec2ResourceType | undefined {
  const prefix = id.slice(0, id.indexOf('-') + 1)
  const types: Record<string, Ec2ResourceType> = {
    'i-': 'instance',
    'vol-': 'volume',
    'eni-': 'network-interface',
    'subnet-': 'subnet',
    'sg-': 'security-group',
    'vpc-': 'vpc',
    'ami-': 'image',
  }
  return types[prefix]
}
