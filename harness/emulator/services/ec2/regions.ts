/** DescribeRegions (with the account's opt-in status) and DescribeAvailabilityZones. */

import { regionOptStatus } from '../../core/region-status.js'
import { availabilityZones, REGIONS } from '../../core/regions.js'
import type { RequestContext } from '../../core/types.js'
import { availabilityZoneId } from './default-vpc.js'
import { applyFilters, type FilterFields } from './filters.js'
import { boolParam, listParam } from './params.js'

type OptInStatus = 'opt-in-not-required' | 'opted-in' | 'not-opted-in'

interface RegionItem {
  regionName: string
  regionEndpoint: string
  optInStatus: OptInStatus
}

/** DescribeRegions' vocabulary for the Account API status (ENABLING is not yet opted in). */
export function regionOptInStatus(ctx: RequestContext, region: string): OptInStatus {
  const status = regionOptStatus(ctx.state, ctx.caller.accountId, region, ctx.now)
  if (status === 'ENABLED_BY_DEFAULT') return 'opt-in-not-required'
  return status === 'ENABLED' ? 'opted-in' : 'not-opted-in'
}

const REGION_FIELDS: FilterFields<RegionItem> = {
  'region-name': (region) => region.regionName,
  endpoint: (region) => region.regionEndpoint,
  'opt-in-status': (region) => region.optInStatus,
}

/** Without AllRegions, only regions the account can use are listed, as on AWS. */
export function describeRegions(ctx: RequestContext): { regionInfo: RegionItem[] } {
  const all = boolParam(ctx.params, 'AllRegions')
  const names = listParam(ctx.params, 'RegionName')
  const regions = [...REGIONS.keys()]
    .map(
      (name): RegionItem => ({
        regionName: name,
        regionEndpoint: `ec2.${name}.amazonaws.com`,
        optInStatus: regionOptInStatus(ctx, name),
      }),
    )
    .filter((region) => all || names.length > 0 || region.optInStatus !== 'not-opted-in')
    .filter((region) => names.length === 0 || names.includes(region.regionName))
  return { regionInfo: applyFilters(regions, ctx.params, REGION_FIELDS) }
}

interface ZoneItem {
  zoneName: string
  zoneId: string
  zoneState: 'available'
  regionName: string
  zoneType: 'availability-zone'
  optInStatus: 'opt-in-not-required'
  groupName: string
  networkBorderGroup: string
  messageSet: never[]
}

const ZONE_FIELDS: FilterFields<ZoneItem> = {
  'zone-name': (zone) => zone.zoneName,
  'zone-id': (zone) => zone.zoneId,
  state: (zone) => zone.zoneState,
  'region-name': (zone) => zone.regionName,
  'zone-type': (zone) => zone.zoneType,
  'opt-in-status': (zone) => zone.optInStatus,
  'group-name': (zone) => zone.groupName,
}

export function regionZones(region: string): ZoneItem[] {
  return availabilityZones(region).map((zoneName, index) => ({
    zoneName,
    zoneId: availabilityZoneId(region, index),
    zoneState: 'available',
    regionName: region,
    zoneType: 'availability-zone',
    optInStatus: 'opt-in-not-required',
    groupName: region,
    networkBorderGroup: region,
    messageSet: [],
  }))
}

export function describeAvailabilityZones(ctx: RequestContext): { availabilityZoneInfo: ZoneItem[] } {
  const names = listParam(ctx.params, 'ZoneName')
  const ids = listParam(ctx.params, 'ZoneId')
  const zones = regionZones(ctx.region).filter(
    (zone) => (names.length === 0 || names.includes(zone.zoneName)) && (ids.length === 0 || ids.includes(zone.zoneId)),
  )
  return { availabilityZoneInfo: applyFilters(zones, ctx.params, ZONE_FIELDS) }
}
