/**
 * Applies the timeline to one request: the operation's baseline checks become the checks AWS
 * performed for this account, region and instant, and the message styles in force are collected.
 */
import type { AuthCheck, RequestContext } from '../core/types.js'
import { ecrTagOnCreateChecks } from '../services/ecr/authorize.js'
import { ecsTimelineTagChecks } from '../services/ecs/authorize.js'
import { logsTagOnCreateChecks } from '../services/logs/authorize.js'
import { changeApplies, changesForOperation } from './active-changes.js'
import { requestCarriesTags } from './ledger.js'
import type { MessageStyle, TimelineChange } from './types.js'

export interface TimelineOutcome {
  checks: AuthCheck[]
  styles: ReadonlySet<MessageStyle>
  /** Ids of the changes in force for this request (for the audit log and reports). */
  inForce: string[]
}

const BUILT_IN_CHECKS: Record<
  'logs-tag-on-create' | 'ecr-tag-on-create' | 'ecs-tag-on-create',
  (ctx: RequestContext, checks: readonly AuthCheck[]) => AuthCheck[]
> = {
  'logs-tag-on-create': logsTagOnCreateChecks,
  'ecr-tag-on-create': ecrTagOnCreateChecks,
  // The account setting may already have added the same check (reason 'account-setting'); one is enough.
  'ecs-tag-on-create': ecsTimelineTagChecks,
}

/** `operationKey` is `<iam prefix>:<Operation>`, e.g. `logs:CreateLogGroup`. */
export function applyTimeline(ctx: RequestContext, operationKey: string, baseline: AuthCheck[]): TimelineOutcome {
  let checks = baseline
  const styles = new Set<MessageStyle>()
  const inForce: string[] = []
  const scope = { accountId: ctx.caller.accountId, region: ctx.region, now: ctx.now, operation: operationKey }
  for (const change of changesForOperation(ctx.state, operationKey)) {
    const active = changeApplies(ctx.state, change, scope)
    if (active) inForce.push(change.id)
    const effect = change.effect
    if (effect.kind === 'message-style') {
      if (active) styles.add(effect.style)
      continue
    }
    if (effect.kind === 'behaviour') continue
    if (effect.when === 'with-tags' && !requestCarriesTags(ctx.params)) continue
    checks = active ? withRequiredChecks(ctx, change, checks) : withoutChangeChecks(change, checks)
  }
  return { checks, styles, inForce }
}

function withRequiredChecks(ctx: RequestContext, change: TimelineChange, checks: AuthCheck[]): AuthCheck[] {
  const effect = change.effect
  if (effect.kind !== 'require-check') return checks
  if (typeof effect.checks === 'string') {
    if (checks.some((check) => check.reason === 'tag-on-create')) return checks
    const extra = BUILT_IN_CHECKS[effect.checks](ctx, checks)
    return [
      ...checks,
      ...extra.map((check) => (check.reason === 'tag-on-create' ? check : { ...check, reason: 'tag-on-create' })),
    ]
  }
  const primary = checks[0]
  const extra: AuthCheck = {
    action: effect.checks.action,
    resource: effect.checks.resource ?? primary?.resource ?? '*',
    context: primary?.context,
    reason: `timeline:${change.id}`,
  }
  return [...checks, extra]
}

/** Before a built-in tag-on-create change reaches the account, its checks are not made. */
function withoutChangeChecks(change: TimelineChange, checks: AuthCheck[]): AuthCheck[] {
  const effect = change.effect
  if (effect.kind !== 'require-check' || typeof effect.checks !== 'string') return checks
  return checks.some((check) => check.reason === 'tag-on-create')
    ? checks.filter((check) => check.reason !== 'tag-on-create')
    : checks
}

/** True when the failing check is the Logs tag-on-create check, whose denial has its own wording. */
export function isLogsTagOnCreate(check: AuthCheck, operationKey: string): boolean {
  return operationKey === 'logs:CreateLogGroup' && check.reason === 'tag-on-create'
}

/** True when a change switching on `behaviour` for `operationKey` is in force for this account, region and instant. */
export function behaviourInForce(ctx: RequestContext, operationKey: string, behaviour: string): boolean {
  const scope = { accountId: ctx.caller.accountId, region: ctx.region, now: ctx.now, operation: operationKey }
  return changesForOperation(ctx.state, operationKey).some(
    (change) =>
      change.effect.kind === 'behaviour' &&
      change.effect.behaviour === behaviour &&
      changeApplies(ctx.state, change, scope),
  )
}
