/**
 * S3 buckets. Bucket names are global across accounts (one namespace per partition), so each
 * account keeps its buckets and uniqueness is checked across all of them; each bucket records the
 * region it lives in.
 */
import type { EmulatorState } from '../../core/state.js'
import type { RequestContext } from '../../core/types.js'

export interface BucketRecord {
  name: string
  region: string
  createdAt: Date
  tags: Record<string, string>
}

export type BucketStore = Map<string, BucketRecord>

export function bucketStore(ctx: RequestContext, accountId = ctx.caller.accountId): BucketStore {
  return ctx.state.accountStore('s3', accountId, () => new Map<string, BucketRecord>())
}

/** The account that owns `name`, if any account does. */
export function bucketOwner(
  state: EmulatorState,
  name: string,
): { accountId: string; bucket: BucketRecord } | undefined {
  for (const { accountId, region, store } of state.storesOf<BucketStore>('s3')) {
    if (region) continue
    const bucket = store.get(name)
    if (bucket) return { accountId, bucket }
  }
  return undefined
}

export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`
}
