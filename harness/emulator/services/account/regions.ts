/** Opt-in regions: EnableRegion / DisableRegion (ENABLING → ENABLED on the simulated clock), status and listing. */
import { regionOptStatus } from '../../core/region-status.js'
import { isKnownRegion, isOptInRegion, REGIONS } from '../../core/regions.js'
import type { AccountRecord, Durations, EmulatorState } from '../../core/state.js'
import type { AuthCheck, OperationDefinition, RequestContext } from '../../core/types.js'
import { assertJsonNumber, assertWireType } from '../../core/wire-types.js'
import { conflict, tooManyRequests, validation } from './errors.js'
import { consumeRate } from './rate-limit.js'
import { targetAccount, targetAccountArn } from './target.js'

export const MAX_CONCURRENT_REGION_OPTS_PER_ACCOUNT = 6
export const MAX_CONCURRENT_REGION_OPTS_PER_ORGANIZATION = 50
const STATUSES = ['ENABLED', 'ENABLING', 'DISABLING', 'DISABLED', 'ENABLED_BY_DEFAULT'] as const

function readRegionName(ctx: RequestContext, mustBeOptIn: boolean): string {
  const name = ctx.params.RegionName
  assertWireType(name, 'string')
  if (typeof name !== 'string' || name.length === 0)
    throw validation(
      "1 validation error detected: Value null at 'regionName' failed to satisfy constraint: Member must not be null",
      'fieldValidationFailed',
      'regionName',
    )
  if (name.length > 50 || !isKnownRegion(name))
    throw validation(`The Region ${name} is not a valid Region.`, 'invalidRegionOptTarget', 'regionName')
  if (mustBeOptIn && !isOptInRegion(name))
    throw validation(
      `The Region ${name} is enabled by default and cannot be enabled or disabled.`,
      'invalidRegionOptTarget',
      'regionName',
    )
  return name
}

const regionCheck = (ctx: RequestContext, action: string): AuthCheck => ({
  action,
  resource: targetAccountArn(ctx),
  context: typeof ctx.params.RegionName === 'string' ? { 'account:TargetRegion': ctx.params.RegionName } : {},
  reason: 'primary',
})

function pendingOpts(state: EmulatorState, account: AccountRecord, now: Date): number {
  let pending = 0
  for (const region of account.regions.keys()) {
    const status = regionOptStatus(state, account.id, region, now)
    if (status === 'ENABLING' || status === 'DISABLING') pending++
  }
  return pending
}

function assertOptCapacity(ctx: RequestContext, account: AccountRecord): void {
  const now = ctx.state.clock.now()
  if (pendingOpts(ctx.state, account, now) >= MAX_CONCURRENT_REGION_OPTS_PER_ACCOUNT)
    throw tooManyRequests(
      'You have exceeded the number of concurrent Region opt-in or opt-out requests for this account.',
    )
  let orgPending = 0
  for (const other of ctx.state.accounts.values()) orgPending += pendingOpts(ctx.state, other, now)
  if (orgPending >= MAX_CONCURRENT_REGION_OPTS_PER_ORGANIZATION)
    throw tooManyRequests(
      'You have exceeded the number of concurrent Region opt-in or opt-out requests for this organization.',
    )
}

/** EnableRegion and DisableRegion: the same request in opposite directions. */
interface RegionOpt {
  action: string
  /** The transition the request starts, and the status it settles in. */
  starts: 'ENABLING' | 'DISABLING'
  settled: 'ENABLED' | 'DISABLED'
  /** The opposite transition, which must finish first. */
  blockedBy: 'ENABLING' | 'DISABLING'
  blockedMessage: (region: string) => string
  durationMs: (durations: Durations) => number
}

function regionOptOperation(opt: RegionOpt): OperationDefinition {
  return {
    authorize: (ctx) => [regionCheck(ctx, opt.action)],
    readOnly: false,
    handler(ctx) {
      const account = targetAccount(ctx)
      const region = readRegionName(ctx, true)
      consumeRate(ctx.state, account.id, 'region-opt', ctx.state.clock.now())
      const status = regionOptStatus(ctx.state, account.id, region, ctx.state.clock.now())
      if (status === opt.blockedBy) throw conflict(opt.blockedMessage(region))
      // terraform-provider-aws issue 41430 (aws-facts §11): AWS refuses a switch already made or under way.
      if (status === opt.settled || status === opt.starts)
        throw validation(
          'Unable to switch region status because of its current opt-in status.',
          'invalidRegionOptTarget',
          'regionName',
        )
      assertOptCapacity(ctx, account)
      account.regions.set(region, {
        status: opt.starts,
        readyAt: ctx.state.clock.after(opt.durationMs(ctx.state.durations)),
      })
      return {}
    },
  }
}

const enableRegion = regionOptOperation({
  action: 'account:EnableRegion',
  starts: 'ENABLING',
  settled: 'ENABLED',
  blockedBy: 'DISABLING',
  blockedMessage: (region) =>
    `The Region ${region} is currently being disabled. Wait until it is disabled before enabling it.`,
  durationMs: (durations) => durations.enableRegionMs,
})

const disableRegion = regionOptOperation({
  action: 'account:DisableRegion',
  starts: 'DISABLING',
  settled: 'DISABLED',
  blockedBy: 'ENABLING',
  blockedMessage: (region) =>
    `The Region ${region} is currently being enabled. Wait until it is enabled before disabling it.`,
  durationMs: (durations) => durations.disableRegionMs,
})

const getRegionOptStatus: OperationDefinition = {
  authorize: (ctx) => [regionCheck(ctx, 'account:GetRegionOptStatus')],
  handler(ctx) {
    const account = targetAccount(ctx)
    const region = readRegionName(ctx, false)
    consumeRate(ctx.state, account.id, 'region-read', ctx.state.clock.now())
    return {
      RegionName: region,
      RegionOptStatus: regionOptStatus(ctx.state, account.id, region, ctx.state.clock.now()),
    }
  },
}

function readStatusFilter(ctx: RequestContext): Set<string> | undefined {
  const filter = ctx.params.RegionOptStatusContains
  if (filter === undefined || filter === null) return undefined
  if (!Array.isArray(filter) || filter.some((s) => !(STATUSES as readonly string[]).includes(String(s))))
    throw validation(
      `1 validation error detected: Value '${JSON.stringify(filter)}' at 'regionOptStatusContains' failed to satisfy constraint: Member must satisfy enum value set: [${STATUSES.join(', ')}]`,
      'fieldValidationFailed',
      'regionOptStatusContains',
    )
  return new Set(filter.map(String))
}

function readPage(ctx: RequestContext): { start: number; max: number } {
  assertJsonNumber(ctx.params.MaxResults)
  const max = ctx.params.MaxResults === undefined ? 20 : Number(ctx.params.MaxResults)
  if (!Number.isInteger(max) || max < 1 || max > 50)
    throw validation(
      `1 validation error detected: Value '${ctx.params.MaxResults}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 50`,
      'fieldValidationFailed',
      'maxResults',
    )
  const token = ctx.params.NextToken
  if (token === undefined || token === null) return { start: 0, max }
  const match = /^regions:(\d+)$/.exec(Buffer.from(String(token), 'base64').toString('utf8'))
  if (!match) throw validation('The NextToken is not valid.', 'fieldValidationFailed', 'nextToken')
  return { start: Number(match[1]), max }
}

const listRegions: OperationDefinition = {
  authorize: (ctx) => [{ action: 'account:ListRegions', resource: targetAccountArn(ctx), reason: 'primary' }],
  handler(ctx) {
    const account = targetAccount(ctx)
    const filter = readStatusFilter(ctx)
    consumeRate(ctx.state, account.id, 'region-read', ctx.state.clock.now())
    const { start, max } = readPage(ctx)
    const now = ctx.state.clock.now()
    const regions = [...REGIONS.keys()]
      .sort()
      .map((name) => ({ RegionName: name, RegionOptStatus: regionOptStatus(ctx.state, account.id, name, now) }))
      .filter((region) => !filter || filter.has(region.RegionOptStatus))
    const end = start + max
    const next = end < regions.length ? { NextToken: Buffer.from(`regions:${end}`).toString('base64') } : {}
    return { Regions: regions.slice(start, end), ...next }
  },
}

export const regionOperations: Record<string, OperationDefinition> = {
  EnableRegion: enableRegion,
  DisableRegion: disableRegion,
  GetRegionOptStatus: getRegionOptStatus,
  ListRegions: listRegions,
}
