/** DescribeImages over the public Amazon catalogue (the emulator has no account-owned images). */
import { AwsError } from '../../core/errors.js'
import type { RequestContext } from '../../core/types.js'
import { applyFilters, type FilterFields } from './filters.js'
import { AMAZON_OWNER_ID, IMAGE_ID_PATTERN, type ImageRecord, regionImages } from './images.js'
import { listParam, maxResultsParam } from './params.js'

const FIELDS: FilterFields<ImageRecord> = {
  name: (image) => image.name,
  architecture: (image) => image.architecture,
  'image-id': (image) => image.imageId,
  'owner-id': () => AMAZON_OWNER_ID,
  'owner-alias': () => 'amazon',
  state: () => 'available',
  'image-type': () => 'machine',
  'is-public': () => 'true',
  'root-device-type': () => 'ebs',
  'virtualization-type': () => 'hvm',
  description: (image) => image.description,
  'platform-details': () => 'Linux/UNIX',
}

export function imageNotFound(ids: string[]): AwsError {
  return new AwsError('InvalidAMIID.NotFound', `The image id '[${ids.join(', ')}]' does not exist`)
}

export function imageMalformed(id: string): AwsError {
  return new AwsError('InvalidAMIID.Malformed', `Invalid id: "${id}" (expecting "ami-...")`)
}

/** Owners are 'amazon', 'self', 'aws-marketplace' or account ids; only Amazon's own images exist here. */
function ownedBy(owners: string[]): boolean {
  return owners.length === 0 || owners.some((owner) => owner === 'amazon' || owner === AMAZON_OWNER_ID)
}

export function imageItem(image: ImageRecord): Record<string, unknown> {
  return {
    imageId: image.imageId,
    imageLocation: `amazon/${image.name}`,
    imageState: 'available',
    imageOwnerId: AMAZON_OWNER_ID,
    creationDate: image.creationDate,
    isPublic: true,
    architecture: image.architecture,
    imageType: 'machine',
    imageOwnerAlias: 'amazon',
    name: image.name,
    description: image.description,
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    blockDeviceMapping: [
      {
        deviceName: '/dev/xvda',
        ebs: {
          snapshotId: image.snapshotId,
          volumeSize: 8,
          deleteOnTermination: true,
          volumeType: 'gp3',
          encrypted: false,
        },
      },
    ],
    virtualizationType: 'hvm',
    hypervisor: 'xen',
    enaSupport: true,
    sriovNetSupport: 'simple',
    platformDetails: 'Linux/UNIX',
    usageOperation: 'RunInstances',
    bootMode: image.architecture === 'arm64' ? 'uefi' : 'uefi-preferred',
  }
}

export function describeImages(ctx: RequestContext): { imagesSet: Array<Record<string, unknown>> } {
  const ids = listParam(ctx.params, 'ImageId')
  maxResultsParam(ctx.params, 1, 1000) // the catalogue is one page: the limit is only checked
  for (const id of ids) if (!IMAGE_ID_PATTERN.test(id)) throw imageMalformed(id)
  const catalogue = regionImages(ctx.region)
  const missing = ids.filter((id) => !catalogue.some((image) => image.imageId === id))
  if (missing.length > 0) throw imageNotFound(missing)
  const owners = listParam(ctx.params, 'Owner')
  let images = ownedBy(owners) ? catalogue : []
  if (ids.length > 0) images = images.filter((image) => ids.includes(image.imageId))
  return { imagesSet: applyFilters(images, ctx.params, FIELDS).map(imageItem) }
}
