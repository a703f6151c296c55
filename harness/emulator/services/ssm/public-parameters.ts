/**
 * SSM's public parameters for the latest Amazon Linux AMIs, resolved from the EC2 catalogue so
 * that GetParameter and DescribeImages always agree on the region's image ids.
 */
import { latestAmazonLinuxImageId } from '../ec2/images.js'

export const AMAZON_LINUX_PREFIX = '/aws/service/ami-amazon-linux-latest/'

/** Fixed so that repeated reads are stable; AWS shows when Amazon last published the image. */
const PUBLISHED_AT = new Date('2024-11-21T00:00:00.000Z')

export interface PublicParameter {
  Name: string
  Type: 'String' | 'StringList' | 'SecureString'
  Value: string
  Version: number
  LastModifiedDate: Date
  ARN: string
  DataType: string
}

/** `/aws/service/…` or its ARN `arn:aws:ssm:<region>::parameter/aws/service/…` → the path. */
export function parameterPath(nameOrArn: string): string {
  const match = /^arn:aws[\w-]*:ssm:[\w-]*:\d*:parameter(\/.*)$/.exec(nameOrArn)
  return match?.[1] ?? nameOrArn
}

/** Public parameters carry no account in their ARN; account parameters do. */
export function parameterArn(region: string, accountId: string, path: string): string {
  const owner = path.startsWith('/aws/service/') ? '' : accountId
  const withSlash = path.startsWith('/') ? path : `/${path}`
  return `arn:aws:ssm:${region}:${owner}:parameter${withSlash}`
}

export function findPublicParameter(region: string, nameOrArn: string): PublicParameter | undefined {
  const path = parameterPath(nameOrArn)
  if (!path.startsWith(AMAZON_LINUX_PREFIX)) return undefined
  const imageId = latestAmazonLinuxImageId(region, path.slice(AMAZON_LINUX_PREFIX.length))
  if (!imageId) return undefined
  return {
    Name: path,
    Type: 'String',
    Value: imageId,
    Version: 1,
    LastModifiedDate: PUBLISHED_AT,
    ARN: parameterArn(region, '', path),
    DataType: 'text',
  }
}
