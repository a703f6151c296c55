/** The shard split (pure): disjoint, complete, balanced on opt-in regions, deterministic. */
import { describe, expect, it } from 'vitest'
import { ALL_COMMERCIAL_REGIONS } from '../config/regions.js'
import { isOptInRegion } from '../emulator/core/regions.js'
import { actionsMatrix, splitRegions } from './shard-split.js'

describe('splitRegions', () => {
  it('Given every commercial region in 4 shards, Then each region is in exactly one shard and opt-in regions are spread', () => {
    const plan = splitRegions(ALL_COMMERCIAL_REGIONS, 4)
    const all = plan.shards.flatMap((shard) => shard.regions)
    expect(all.sort()).toEqual([...ALL_COMMERCIAL_REGIONS].sort())
    const optIn = plan.shards.map((shard) => shard.regions.filter(isOptInRegion).length)
    expect(Math.max(...optIn) - Math.min(...optIn)).toBeLessThanOrEqual(1)
    const sizes = plan.shards.map((shard) => shard.regions.length)
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
    expect(plan.shards.map((shard) => shard.id)).toEqual(['1/4', '2/4', '3/4', '4/4'])
  })

  it('Given more shards than regions, Then one shard per region and none empty', () => {
    const plan = splitRegions(['us-east-1', 'ap-east-1'], 5)
    expect(plan.shards).toEqual([
      { index: 1, count: 2, id: '1/2', regions: ['ap-east-1'] },
      { index: 2, count: 2, id: '2/2', regions: ['us-east-1'] },
    ])
  })

  it('Given the same input twice, Then the same plan (the merge job recomputes it)', () => {
    expect(splitRegions(['eu-west-1', 'me-south-1', 'us-west-2'], 2)).toEqual(
      splitRegions(['eu-west-1', 'me-south-1', 'us-west-2'], 2),
    )
  })

  it('gives a GitHub Actions matrix, regions in the order they were asked for', () => {
    expect(actionsMatrix(splitRegions(['us-east-1', 'eu-west-1', 'ap-east-1'], 2))).toEqual({
      include: [
        { shard: '1/2', regions: 'eu-west-1,ap-east-1' },
        { shard: '2/2', regions: 'us-east-1' },
      ],
    })
  })
})
