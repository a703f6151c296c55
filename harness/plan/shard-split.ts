/**
 * Splitting a night's regions into shards (pure). Each shard vends its own account and runs only its
 * regions, so no two shards share an account-region pair. Opt-in regions are dealt out first, one per
 * shard in turn, because enabling them dominates a shard's duration. Deterministic: the plan job and
 * the merge job compute the same split from the same regions and count.
 */
import { isOptInRegion } from '../emulator/core/regions.js'

export interface Shard {
  /** 1-based. */
  index: number
  count: number
  /** `i/n`, what `harness run --shard` takes. */
  id: string
  regions: string[]
}

export interface ShardPlan {
  regions: string[]
  shards: Shard[]
}

export const MAX_SHARDS = 256

/** At most one shard per region: an empty shard would vend an account for nothing. */
export function splitRegions(regions: readonly string[], requested: number): ShardPlan {
  const count = Math.max(1, Math.min(requested, regions.length))
  const ordered = [...regions.filter(isOptInRegion), ...regions.filter((region) => !isOptInRegion(region))]
  const buckets: string[][] = Array.from({ length: count }, () => [])
  for (const [position, region] of ordered.entries()) buckets[position % count]?.push(region)
  const byRequestedOrder = (list: string[]) => [...list].sort((a, b) => regions.indexOf(a) - regions.indexOf(b))
  return {
    regions: [...regions],
    shards: buckets.map((bucket, i) => ({
      index: i + 1,
      count,
      id: `${i + 1}/${count}`,
      regions: byRequestedOrder(bucket),
    })),
  }
}

/** The GitHub Actions matrix: `strategy.matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}`. */
export function actionsMatrix(plan: ShardPlan): { include: Array<{ shard: string; regions: string }> } {
  return { include: plan.shards.map((shard) => ({ shard: shard.id, regions: shard.regions.join(',') })) }
}
