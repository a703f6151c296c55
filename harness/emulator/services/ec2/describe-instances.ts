/** DescribeInstances: ids, filters (state, ids, tags, network…), grouped into reservations. */
import { AwsError } from '../../core/errors.js'
import type { EmulatorState } from '../../core/state.js'
import type { RequestContext } from '../../core/types.js'
import { applyFilters, type FilterFields } from './filters.js'
import { requireInstances } from './instance-ids.js'
import { instanceState } from './instance-state.js'
import { instanceItem } from './instance-view.js'
import { intParam, listParam, stringParam } from './params.js'
import { ec2Store, type InstanceRecord, peekTags } from './store.js'

function instanceFields(state: EmulatorState, now: Date, accountId: string): FilterFields<InstanceRecord> {
  const current = (instance: InstanceRecord) => instanceState(state, instance, now)
  return {
    'instance-id': (instance) => instance.instanceId,
    'instance-state-name': (instance) => current(instance).name,
    'instance-state-code': (instance) => String(current(instance).code),
    'instance-type': (instance) => instance.instanceType,
    'image-id': (instance) => instance.imageId,
    'subnet-id': (instance) => instance.subnetId,
    'vpc-id': (instance) => instance.vpcId,
    'availability-zone': (instance) => instance.availabilityZone,
    'reservation-id': (instance) => instance.reservationId,
    'private-ip-address': (instance) => instance.privateIpAddress,
    architecture: (instance) => instance.architecture,
    'instance.group-id': (instance) => instance.securityGroupIds,
    'network-interface.network-interface-id': (instance) => instance.networkInterfaceId,
    'block-device-mapping.volume-id': (instance) => instance.volumeId,
    'client-token': (instance) => instance.clientToken,
    'owner-id': () => accountId,
  }
}

function readPaging(ctx: RequestContext, ids: string[]): { start: number; max: number } {
  const max = intParam(ctx.params, 'MaxResults')
  if (max !== undefined && ids.length > 0) {
    throw new AwsError(
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
    )
  }
  if (max !== undefined && (max < 5 || max > 1000)) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${max} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    )
  }
  const token = stringParam(ctx.params, 'NextToken')
  const start = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'))
  if (!Number.isInteger(start) || start < 0) throw new AwsError('InvalidParameterValue', 'The token is invalid.')
  return { start, max: max ?? Number.POSITIVE_INFINITY }
}

export function describeInstances(ctx: RequestContext) {
  const store = ec2Store(ctx)
  const ids = listParam(ctx.params, 'InstanceId')
  const candidates = ids.length > 0 ? requireInstances(store, ids) : [...store.instances.values()]
  const fields = instanceFields(ctx.state, ctx.now, ctx.caller.accountId)
  const matching = applyFilters(candidates, ctx.params, fields, (instance) => peekTags(store, instance.instanceId))
  const { start, max } = readPaging(ctx, ids)
  const page = matching.slice(start, start + max)
  const reservations = new Map<string, InstanceRecord[]>()
  for (const instance of page) {
    const list = reservations.get(instance.reservationId) ?? []
    reservations.set(instance.reservationId, [...list, instance])
  }
  return {
    reservationSet: [...reservations].map(([reservationId, instances]) => ({
      reservationId,
      ownerId: ctx.caller.accountId,
      groupSet: [],
      instancesSet: instances.map((instance) => instanceItem(ctx, store, instance)),
    })),
    ...(start + max < matching.length ? { nextToken: Buffer.from(String(start + max)).toString('base64url') } : {}),
  }
}
