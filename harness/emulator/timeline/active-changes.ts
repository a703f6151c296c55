/**
 * Which timeline changes are in force for one account, region and instant: the change has reached
 * the region (by its `where`), and it applies to the account (by its `who`, using the freshness
 * ledger for 'never-used').
 */
import type { AccountRecord, EmulatorState } from '../core/state.js'
import { withAwsHistory } from './aws-history.js'
import { firstUse } from './ledger.js'
import type { TimelineChange } from './types.js'

export interface ChangeScope {
  accountId: string
  region: string
  now: Date
  /** `logs:CreateLogGroup`; when set, 'never-used' looks at this operation's ledger key only. */
  operation?: string
}

const resolvedTimelines = new WeakMap<readonly TimelineChange[], { length: number; changes: TimelineChange[] }>()
const timesOf = new WeakMap<TimelineChange, { from: number; rollout?: Map<string, number>; createdAfter?: number }>()

/** Built-in history plus state.timeline (user changes), resolved once per timeline array (and length). */
export function timelineOf(state: EmulatorState): TimelineChange[] {
  const cached = resolvedTimelines.get(state.timeline)
  if (cached && cached.length === state.timeline.length) return cached.changes
  const changes = withAwsHistory(state.timeline)
  resolvedTimelines.set(state.timeline, { length: state.timeline.length, changes })
  return changes
}

/** Every change in force for the account in the region at `now` (for tests and reports). */
export function activeChanges(state: EmulatorState, accountId: string, region: string, now: Date): TimelineChange[] {
  return timelineOf(state).filter((change) => changeApplies(state, change, { accountId, region, now }))
}

/** Per resolved timeline: the changes naming each operation, asked on every request. */
const byOperation = new WeakMap<TimelineChange[], Map<string, TimelineChange[]>>()

/** The changes that name an operation (`logs:CreateLogGroup`), in force or not. */
export function changesForOperation(state: EmulatorState, operation: string): TimelineChange[] {
  const timeline = timelineOf(state)
  let cache = byOperation.get(timeline)
  if (!cache) {
    cache = new Map()
    byOperation.set(timeline, cache)
  }
  let changes = cache.get(operation)
  if (!changes) {
    changes = timeline.filter((change) => namesOperation(change, operation))
    cache.set(operation, changes)
  }
  return changes
}

export function changeApplies(state: EmulatorState, change: TimelineChange, scope: ChangeScope): boolean {
  const reached = reachedAt(change, scope.region)
  if (reached === undefined || scope.now.getTime() < reached) return false
  if (change.who === 'all-accounts') return true
  const account = state.accounts.get(scope.accountId)
  if (change.who === 'never-used') return !usedBefore(change, account, scope, reached)
  return account === undefined || account.createdAt.getTime() > times(change).createdAfter!
}

/** When the change reached the region (epoch ms), or undefined if it never does. */
export function reachedAt(change: TimelineChange, region: string): number | undefined {
  const parsed = times(change)
  if (change.where === 'all') return parsed.from
  if ('regions' in change.where) return change.where.regions.includes(region) ? parsed.from : undefined
  return parsed.rollout!.get(region) ?? parsed.rollout!.get('*')
}

export function namesOperation(change: TimelineChange, operation: string): boolean {
  const wanted = operation.toLowerCase()
  return change.operations.some((name) => {
    const pattern = name.toLowerCase()
    if (pattern === '*' || pattern === wanted) return true
    return pattern.endsWith(':*') && wanted.startsWith(pattern.slice(0, -1))
  })
}

/** The ledger key whose earlier use exempts an account: tag-on-create changes look at the tagged form. */
export function freshnessKey(change: TimelineChange, operation: string): string {
  const effect = change.effect
  const tagged = effect.kind === 'require-check' && (effect.when === 'with-tags' || typeof effect.checks === 'string')
  return tagged ? `${operation}+tags` : operation
}

function usedBefore(change: TimelineChange, account: AccountRecord | undefined, scope: ChangeScope, reached: number) {
  if (!account) return false
  const operations = scope.operation ? [scope.operation] : change.operations.filter((name) => !name.includes('*'))
  return operations.some((operation) => {
    const first = firstUse(account, scope.region, freshnessKey(change, operation))
    return first === 'unknown' || (first !== undefined && first.getTime() < reached)
  })
}

function times(change: TimelineChange) {
  let parsed = timesOf.get(change)
  if (!parsed) {
    parsed = { from: Date.parse(change.from) }
    if (typeof change.where === 'object' && 'rollout' in change.where) {
      parsed.rollout = new Map(change.where.rollout.map((step) => [step.region, Date.parse(step.date)]))
    }
    if (typeof change.who === 'object') parsed.createdAfter = Date.parse(change.who.createdAfter)
    timesOf.set(change, parsed)
  }
  return parsed
}
