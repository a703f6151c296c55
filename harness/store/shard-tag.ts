/**
 * A shard's run record carries which part of a planned night it ran. The field is optional and the run
 * record schema keeps unknown fields, so records without it (every single run) are unchanged.
 */
import type { RunRecord } from '../history/types.js'

export interface ShardTag {
  /** One planned night: every shard of it has the same group (the workflow run id in CI). */
  group: string
  /** 1-based. */
  index: number
  count: number
  /** The regions planned for this shard. */
  regions: string[]
}

export type ShardedRunRecord = RunRecord & { shard?: ShardTag }

export function shardOf(record: RunRecord): ShardTag | undefined {
  const shard = (record as ShardedRunRecord).shard
  if (!shard || typeof shard !== 'object') return undefined
  const valid =
    typeof shard.group === 'string' &&
    Number.isInteger(shard.index) &&
    Number.isInteger(shard.count) &&
    Array.isArray(shard.regions)
  return valid ? shard : undefined
}
