/**
 * Resource Groups Tagging API (awsJson1_1, `ResourceGroupsTaggingAPI_20170126`, signing name
 * `tagging`, IAM prefix `tag`): GetResources lists the caller account's resources in the region
 * with their tags, filtered by TagFilters and ResourceTypeFilters, paged by PaginationToken. It is
 * built on every service's `listResources`, so a new service shows up here without more code.
 * `harness sweep` finds what a killed run left through it. Source: botocore
 * resourcegroupstaggingapi/2017-01-26/service-2.json (GetResources members and limits).
 */

import { compareText } from '../../../compare-text.js'
import { AwsError } from '../../core/errors.js'
import type { EmulatorResource } from '../../core/state.js'
import type { OperationDefinition, RequestContext, ServiceDefinition } from '../../core/types.js'
import { assertJsonNumber } from '../../core/wire-types.js'

const invalidParameter = (message: string) => new AwsError('InvalidParameterException', message, { status: 400 })

interface TagFilter {
  Key: string
  Values: string[]
}

function readTagFilters(ctx: RequestContext): TagFilter[] {
  const raw = ctx.params.TagFilters ?? []
  if (!Array.isArray(raw) || raw.length > 50) throw invalidParameter('TagFilters must be a list of at most 50 filters.')
  return raw.map((filter: unknown) => {
    const f = filter as { Key?: unknown; Values?: unknown }
    if (typeof f?.Key !== 'string' || f.Key.length === 0) throw invalidParameter('Each TagFilter needs a Key.')
    const values = Array.isArray(f.Values) ? f.Values.map(String) : []
    return { Key: f.Key, Values: values }
  })
}

function readTypeFilters(ctx: RequestContext): string[] {
  const raw = ctx.params.ResourceTypeFilters ?? []
  if (!Array.isArray(raw)) throw invalidParameter('ResourceTypeFilters must be a list of strings.')
  return raw.map(String)
}

/** `service:resourceType` of an ARN: arn:aws:logs:r:a:log-group:x → logs:log-group; …:instance/i-1 → ec2:instance. */
export function resourceTypeOf(arn: string): string {
  const [, , service = '', , , ...rest] = arn.split(':')
  const resource = rest.join(':').split(/[/:]/)[0] ?? ''
  return `${service}:${resource}`
}

function matches(resource: EmulatorResource, tags: TagFilter[], types: string[]): boolean {
  const arn = resource.arn ?? ''
  const type = resourceTypeOf(arn)
  if (
    types.length > 0 &&
    !types.some((wanted) => type === wanted || type.startsWith(`${wanted}:`) || wanted === type.split(':')[0])
  )
    return false
  return tags.every((filter) => {
    const value = resource.tags[filter.Key]
    return value !== undefined && (filter.Values.length === 0 || filter.Values.includes(value))
  })
}

function readPage(ctx: RequestContext): { start: number; size: number } {
  assertJsonNumber(ctx.params.ResourcesPerPage)
  const size = ctx.params.ResourcesPerPage === undefined ? 50 : Number(ctx.params.ResourcesPerPage)
  if (!Number.isInteger(size) || size < 1 || size > 100)
    throw invalidParameter('ResourcesPerPage must be between 1 and 100.')
  const token = ctx.params.PaginationToken
  if (token === undefined || token === '') return { start: 0, size }
  const match = /^page:(\d+)$/.exec(Buffer.from(String(token), 'base64').toString('utf8'))
  if (!match)
    throw new AwsError('PaginationTokenExpiredException', 'The pagination token is not valid.', { status: 400 })
  return { start: Number(match[1]), size }
}

export function createTaggingService(services: () => Iterable<ServiceDefinition>): ServiceDefinition {
  const getResources: OperationDefinition = {
    authorize: () => [{ action: 'tag:GetResources', resource: '*', reason: 'primary' }],
    handler(ctx) {
      const tagFilters = readTagFilters(ctx)
      const typeFilters = readTypeFilters(ctx)
      const { start, size } = readPage(ctx)
      const found = [...services()]
        .flatMap((service) => service.listResources?.(ctx.state) ?? [])
        .filter((r) => r.arn && r.accountId === ctx.caller.accountId && r.region === ctx.region)
        .filter((r) => matches(r, tagFilters, typeFilters))
        .sort((a, b) => compareText(a.arn ?? '', b.arn ?? ''))
      const page = found.slice(start, start + size).map((r) => ({
        ResourceARN: r.arn,
        Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })),
      }))
      const next = start + size < found.length ? Buffer.from(`page:${start + size}`).toString('base64') : ''
      return { ResourceTagMappingList: page, PaginationToken: next }
    },
  }
  return {
    signingName: 'tagging',
    iamPrefix: 'tag',
    eventSource: 'tagging.amazonaws.com',
    protocol: 'json',
    targetPrefix: 'ResourceGroupsTaggingAPI_20170126',
    validationErrorCode: 'InvalidParameterException',
    operations: { GetResources: getResources },
  }
}
