/**
 * Commercial AWS regions with their real opt-in status. Regions launched after March 2019 are
 * opt-in: DISABLED in a new account until EnableRegion completes.
 */
export type RegionOptInKind = 'opt-in-not-required' | 'opt-in-required'

export interface RegionInfo {
  name: string
  optIn: RegionOptInKind
  /** Availability zone letters, e.g. ['a', 'b', 'c'] → ap-east-1a … */
  zones: string[]
  /** Whether t2 instance types are offered (newer regions offer only t3 and later). */
  offersT2: boolean
}

const DEFAULT_REGIONS: Array<[string, string]> = [
  ['us-east-1', 'abcdef'],
  ['us-east-2', 'abc'],
  ['us-west-1', 'ab'],
  ['us-west-2', 'abcd'],
  ['ap-south-1', 'abc'],
  ['ap-northeast-1', 'acd'],
  ['ap-northeast-2', 'abcd'],
  ['ap-northeast-3', 'abc'],
  ['ap-southeast-1', 'abc'],
  ['ap-southeast-2', 'abc'],
  ['ca-central-1', 'abd'],
  ['eu-central-1', 'abc'],
  ['eu-west-1', 'abc'],
  ['eu-west-2', 'abc'],
  ['eu-west-3', 'abc'],
  ['eu-north-1', 'abc'],
  ['sa-east-1', 'abc'],
]

const OPT_IN_REGIONS: Array<[string, string]> = [
  ['af-south-1', 'abc'],
  ['ap-east-1', 'abc'],
  ['ap-east-2', 'abc'],
  ['ap-south-2', 'abc'],
  ['ap-southeast-3', 'abc'],
  ['ap-southeast-4', 'abc'],
  ['ap-southeast-5', 'abc'],
  ['ap-southeast-6', 'abc'],
  ['ap-southeast-7', 'abc'],
  ['ca-west-1', 'abc'],
  ['eu-central-2', 'abc'],
  ['eu-south-1', 'abc'],
  ['eu-south-2', 'abc'],
  ['il-central-1', 'abc'],
  ['me-central-1', 'abc'],
  ['me-south-1', 'abc'],
  ['mx-central-1', 'abc'],
]

/** Regions that existed before t3 became the default family still offer t2. */
const T2_REGIONS = new Set(DEFAULT_REGIONS.map(([name]) => name).filter((name) => name !== 'ap-northeast-3'))

function toInfo([name, zones]: [string, string], optIn: RegionOptInKind): RegionInfo {
  return { name, optIn, zones: zones.split(''), offersT2: T2_REGIONS.has(name) }
}

export const REGIONS: ReadonlyMap<string, RegionInfo> = new Map(
  [
    ...DEFAULT_REGIONS.map((r) => toInfo(r, 'opt-in-not-required')),
    ...OPT_IN_REGIONS.map((r) => toInfo(r, 'opt-in-required')),
  ].map((info) => [info.name, info]),
)

export function isKnownRegion(name: string): boolean {
  return REGIONS.has(name)
}

export function isOptInRegion(name: string): boolean {
  return REGIONS.get(name)?.optIn === 'opt-in-required'
}

/** A region this list knows AWS enables by default (one it does not know may be a new opt-in region). */
export function isEnabledByDefault(name: string): boolean {
  return REGIONS.get(name)?.optIn === 'opt-in-not-required'
}

export function availabilityZones(region: string): string[] {
  return (REGIONS.get(region)?.zones ?? []).map((letter) => `${region}${letter}`)
}

/** Services whose control plane is global and signs with us-east-1. */
export const GLOBAL_SIGNING_REGION = 'us-east-1'
