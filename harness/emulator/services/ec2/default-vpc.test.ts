/** Availability zone ids use AWS's short region codes (pure). */
import { describe, expect, it } from 'vitest'
import { availabilityZoneId, shortRegionCode } from './default-vpc.js'

describe('short region codes', () => {
  it.each([
    ['us-east-1', 'use1'],
    ['us-west-2', 'usw2'],
    ['ap-east-1', 'ape1'],
    ['ap-southeast-3', 'apse3'],
    ['ap-northeast-1', 'apne1'],
    ['ap-south-1', 'aps1'],
    ['eu-central-1', 'euc1'],
    ['me-south-1', 'mes1'],
    ['ca-central-1', 'cac1'],
    ['il-central-1', 'ilc1'],
  ])('%s → %s', (region, code) => {
    expect(shortRegionCode(region)).toBe(code)
  })

  it('numbers zone ids from az1', () => {
    expect(availabilityZoneId('ap-east-1', 0)).toBe('ape1-az1')
    expect(availabilityZoneId('ap-east-1', 2)).toBe('ape1-az3')
  })
})
