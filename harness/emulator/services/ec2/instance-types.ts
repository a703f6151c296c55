/**
 * Instance type offerings per region and zone: current families everywhere, t2 only in regions that
 * predate t3 (newer regions such as ap-east-1 never offered it), m1.small (RunInstances' default type)
 * only alongside t2.
 */
import { AwsError } from '../../core/errors.js'
import { availabilityZones, REGIONS } from '../../core/regions.js'
import type { RequestContext } from '../../core/types.js'
import { availabilityZoneId } from './default-vpc.js'
import { applyFilters, type FilterFields } from './filters.js'
import { maxResultsParam, stringParam } from './params.js'

const EVERYWHERE = [
  't3.nano',
  't3.micro',
  't3.small',
  't3.medium',
  't3a.nano',
  't3a.micro',
  't3a.small',
  't3a.medium',
  't4g.nano',
  't4g.micro',
  't4g.small',
  'm5.large',
  'c5.large',
  'r5.large',
]
const LEGACY = ['t2.nano', 't2.micro', 't2.small', 't2.medium', 'm1.small']

export const ARM64_FAMILIES = new Set(['t4g'])

export function offeredInstanceTypes(region: string): string[] {
  return REGIONS.get(region)?.offersT2 ? [...EVERYWHERE, ...LEGACY] : [...EVERYWHERE]
}

export function isInstanceTypeOffered(region: string, instanceType: string): boolean {
  return offeredInstanceTypes(region).includes(instanceType)
}

export function isKnownInstanceType(instanceType: string): boolean {
  return EVERYWHERE.includes(instanceType) || LEGACY.includes(instanceType)
}

type LocationType = 'region' | 'availability-zone' | 'availability-zone-id'

interface Offering {
  instanceType: string
  locationType: LocationType
  location: string
}

const FIELDS: FilterFields<Offering> = {
  'instance-type': (offering) => offering.instanceType,
  location: (offering) => offering.location,
}

function locations(region: string, type: LocationType): string[] {
  if (type === 'region') return [region]
  const zones = availabilityZones(region)
  return type === 'availability-zone' ? zones : zones.map((_, index) => availabilityZoneId(region, index))
}

function readLocationType(value: string | undefined): LocationType {
  const type = value ?? 'region'
  if (type !== 'region' && type !== 'availability-zone' && type !== 'availability-zone-id') {
    throw new AwsError('InvalidParameterValue', `Invalid value '${type}' for LocationType`)
  }
  return type
}

export function describeInstanceTypeOfferings(ctx: RequestContext) {
  const locationType = readLocationType(stringParam(ctx.params, 'LocationType'))
  const offerings = locations(ctx.region, locationType).flatMap((location) =>
    offeredInstanceTypes(ctx.region).map((instanceType): Offering => ({ instanceType, locationType, location })),
  )
  const matching = applyFilters(offerings, ctx.params, FIELDS)
  const max = maxResultsParam(ctx.params, 5, 1000) ?? 1000
  const start = Number(stringParam(ctx.params, 'NextToken') ?? '0')
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidParameterValue', 'Invalid value for NextToken')
  const page = matching.slice(start, start + max)
  return {
    instanceTypeOfferingSet: page,
    ...(start + max < matching.length ? { nextToken: String(start + max) } : {}),
  }
}
