/**
 * The public AMI catalogue: a few Amazon Linux images per region with deterministic per-region ids
 * (like AWS, the same image has a different id in every region). SSM's public
 * `/aws/service/ami-amazon-linux-latest/*` parameters resolve through `latestAmazonLinuxImageId`.
 */
import { createHash } from 'node:crypto'

export const AMAZON_OWNER_ID = '137112412989'

export interface ImageRecord {
  imageId: string
  name: string
  description: string
  architecture: 'x86_64' | 'arm64'
  creationDate: string
  snapshotId: string
  /** The SSM public parameter (under /aws/service/ami-amazon-linux-latest/) naming this image. */
  ssmParameter: string
}

interface ImageTemplate {
  name: string
  description: string
  architecture: 'x86_64' | 'arm64'
  creationDate: string
  ssmParameter: string
}

const TEMPLATES: ImageTemplate[] = [
  {
    name: 'al2023-ami-2023.6.20241121.0-kernel-6.1-x86_64',
    description: 'Amazon Linux 2023 AMI 2023.6.20241121.0 x86_64 HVM kernel-6.1',
    architecture: 'x86_64',
    creationDate: '2024-11-20T19:41:24.000Z',
    ssmParameter: 'al2023-ami-kernel-default-x86_64',
  },
  {
    name: 'al2023-ami-2023.6.20241121.0-kernel-6.1-arm64',
    description: 'Amazon Linux 2023 AMI 2023.6.20241121.0 arm64 HVM kernel-6.1',
    architecture: 'arm64',
    creationDate: '2024-11-20T19:41:31.000Z',
    ssmParameter: 'al2023-ami-kernel-default-arm64',
  },
  {
    name: 'amzn2-ami-hvm-2.0.20241113.1-x86_64-gp2',
    description: 'Amazon Linux 2 AMI 2.0.20241113.1 x86_64 HVM gp2',
    architecture: 'x86_64',
    creationDate: '2024-11-14T03:12:36.000Z',
    ssmParameter: 'amzn2-ami-hvm-x86_64-gp2',
  },
  {
    name: 'amzn2-ami-hvm-2.0.20241113.1-arm64-gp2',
    description: 'Amazon Linux 2 LTS Arm64 AMI 2.0.20241113.1 arm64 HVM gp2',
    architecture: 'arm64',
    creationDate: '2024-11-14T03:12:41.000Z',
    ssmParameter: 'amzn2-ami-hvm-arm64-gp2',
  },
]

function hashId(prefix: string, region: string, name: string): string {
  return prefix + createHash('sha256').update(`${region}/${name}`).digest('hex').slice(0, 17)
}

const cache = new Map<string, ImageRecord[]>()

export function regionImages(region: string): ImageRecord[] {
  let images = cache.get(region)
  if (!images) {
    images = TEMPLATES.map((template) => ({
      ...template,
      imageId: hashId('ami-', region, template.name),
      snapshotId: hashId('snap-', region, template.name),
    }))
    cache.set(region, images)
  }
  return images
}

export function findImage(region: string, imageId: string): ImageRecord | undefined {
  return regionImages(region).find((image) => image.imageId === imageId)
}

/** The image id a public Amazon Linux parameter (leaf name) resolves to in a region. */
export function latestAmazonLinuxImageId(region: string, parameterLeaf: string): string | undefined {
  return regionImages(region).find((image) => image.ssmParameter === parameterLeaf)?.imageId
}

export const IMAGE_ID_PATTERN = /^ami-[0-9a-f]{8}(?:[0-9a-f]{9})?$/
