/** Instance id validation with EC2's Malformed / NotFound errors (all ids are checked before any change). */
import { AwsError } from '../../core/errors.js'
import type { Ec2RegionStore, InstanceRecord } from './store.js'

const INSTANCE_ID = /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/

export function instancesNotFound(ids: string[]): AwsError {
  const quoted = `'${ids.join(', ')}'`
  return new AwsError(
    'InvalidInstanceID.NotFound',
    ids.length === 1 ? `The instance ID ${quoted} does not exist` : `The instance IDs ${quoted} do not exist`,
  )
}

export function requireInstances(store: Ec2RegionStore, ids: string[]): InstanceRecord[] {
  const malformed = ids.find((id) => !INSTANCE_ID.test(id))
  if (malformed !== undefined) throw new AwsError('InvalidInstanceID.Malformed', `Invalid id: "${malformed}"`)
  const missing = ids.filter((id) => !store.instances.has(id))
  if (missing.length > 0) throw instancesNotFound(missing)
  return ids.map((id) => store.instances.get(id)!)
}
