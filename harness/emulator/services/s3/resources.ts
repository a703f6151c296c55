/** Live buckets for `GET /_emulator/resources` (and the tagging API's resource listing). */
import type { EmulatorResource, EmulatorState } from '../../core/state.js'
import { type BucketStore, bucketArn } from './store.js'

export function listBucketResources(state: EmulatorState): EmulatorResource[] {
  const resources: EmulatorResource[] = []
  for (const { accountId, region, store } of state.storesOf<BucketStore>('s3')) {
    if (region) continue
    for (const bucket of store.values()) {
      resources.push({
        accountId,
        region: bucket.region,
        type: 's3:bucket',
        id: bucket.name,
        arn: bucketArn(bucket.name),
        tags: { ...bucket.tags },
      })
    }
  }
  return resources
}
