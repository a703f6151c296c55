/**
 * One merged patch against the declared policy that fixes every open denial (pure). Each missing action is
 * added to the statement that already covers the denied resource (same scope, same condition); only a denial
 * no statement covers gets a new statement, and denials sharing a resource and condition share it.
 * Guardrail denials (SCP, boundary, session policy) are listed, not patched: the declared policy cannot fix them.
 */
import { tagOnCreateResources } from '../policy/ec2-tag-on-create.js'
import { matchesAction } from '../policy/matching.js'
import { conditionNotMetText } from './conditioned-grant.js'
import {
  asList,
  type CoveringStatement,
  canonical,
  findCoveringStatement,
  findStatementCoveringAll,
  statementsOf,
} from './covering-statement.js'
import { operationActionOf } from './suggest-fix.js'
import type { DriftChange } from './types.js'

export interface PatchAmendment {
  /** `Sid "…"` or `Statement[i]` of the declared policy. */
  statement: string
  addedActions: string[]
  /** `scenario / step @ region` of each denial this fixes. */
  fixes: string[]
}

export interface PatchAddition {
  statement: Record<string, unknown>
  fixes: string[]
}

export interface PolicyPatch {
  /** The declared policy as stored in the run record (undefined when the run did not store it). */
  before: unknown
  /** The declared policy with every amendment and addition applied. */
  after: unknown
  amendments: PatchAmendment[]
  additions: PatchAddition[]
  /** Denials the patch leaves alone, each with why (a guardrail, no action named); `deny`: the declared Deny to narrow. */
  notPatched: Array<{ where: string; why: string; deny?: string }>
  /**
   * Denials the patch adds an Allow for whose declared Deny still refuses them (no Allow granted the action
   * either): harness does not edit Deny statements, so each is narrowed by hand before the patch can fix it.
   */
  toNarrow: Array<{ where: string; deny: string }>
}

/** How the patch names a denial (`notPatched[].where`). */
export const where = (c: Pick<DriftChange, 'scenario' | 'step' | 'region'>): string =>
  `${c.scenario} / ${c.step} @ ${c.region}`

export function patchPolicy(declared: unknown, denials: readonly DriftChange[]): PolicyPatch {
  const after = structuredClone(declared ?? { Version: '2012-10-17', Statement: [] }) as Record<string, unknown>
  if (!Array.isArray(after.Statement)) after.Statement = after.Statement ? [after.Statement] : []
  const statements = after.Statement as Record<string, unknown>[]
  const patch: PolicyPatch = { before: declared, after, amendments: [], additions: [], notPatched: [], toNarrow: [] }
  for (const change of denials) {
    const skip = whyNotPatched(change)
    if (skip) {
      patch.notPatched.push({ where: where(change), ...skip })
      continue
    }
    if (change.explicitDeny)
      patch.toNarrow.push({ where: where(change), deny: change.blockedBy ?? 'a Deny outside the declared policy' })
    const action = change.missingAction!
    const suggested = change.suggestedStatement!
    const covering = coveringStatement(declared, change, suggested)
    const statement = covering ? statements[covering.index]! : undefined
    // Judged on the declared statement: the copy being patched may already hold this action from another denial.
    const declaredStatement = covering ? statementsOf(declared)[covering.index] : undefined
    if (covering && declaredStatement && grants(declaredStatement, action)) {
      patch.notPatched.push({
        where: where(change),
        why: `${covering.label} already grants ${action} on that resource: something else denies it`,
      })
    } else if (covering && statement) amend(patch, statement, covering.label, action, where(change))
    else add(patch, statements, action, suggested, where(change))
  }
  return patch
}

function whyNotPatched(change: DriftChange): { why: string; deny?: string } | undefined {
  if (change.cause === 'guardrail')
    return { why: change.causeText ?? 'a guardrail outside the declared policy denies it' }
  if (change.explicitDeny && !change.suggestedStatement) {
    if (!change.blockedBy)
      return {
        why: 'an explicit Deny refuses it, and no Allow overrides one: the declared policy has no matching Deny',
      }
    const why = `the declared statement ${change.blockedBy} denies it, and no Allow overrides an explicit Deny: narrow or remove that Deny`
    return { why, deny: change.blockedBy }
  }
  if (change.conditionNotMet && !change.suggestedStatement)
    return { why: conditionNotMetText(change.conditionNotMet, change.missingAction ?? 'it') }
  if (!change.missingAction || !change.suggestedStatement) return { why: 'the denial names no action to add' }
  return undefined
}

/** The declared statement the fix amends: for EC2 tag-on-create, one that covers every type the call can tag. */
function coveringStatement(
  declared: unknown,
  change: DriftChange,
  suggested: NonNullable<DriftChange['suggestedStatement']>,
): CoveringStatement | undefined {
  const query = { actions: change.candidateActions ?? [change.missingAction!], ...operationQuery(change) }
  const denied = change.deniedResource
  const onCreate = change.tagOnCreate && denied ? tagOnCreateResources(change.tagOnCreate.operation, denied) : undefined
  if (onCreate)
    return findStatementCoveringAll(declared, { ...query, condition: suggested.Condition }, onCreate.resources)
  return findCoveringStatement(declared, {
    ...query,
    ...(denied ? { resource: denied } : {}),
    condition: suggested.Condition,
  })
}

function operationQuery(change: DriftChange): { operationAction?: string } {
  const denied = change.to?.kind === 'denied' ? change.to.denied : undefined
  const operationAction = operationActionOf(change.candidateActions ?? [change.missingAction!], denied, change.step)
  return operationAction ? { operationAction } : {}
}

function amend(
  patch: PolicyPatch,
  statement: Record<string, unknown>,
  label: string,
  action: string,
  fix: string,
): void {
  let amendment = patch.amendments.find((a) => a.statement === label)
  if (!amendment) {
    amendment = { statement: label, addedActions: [], fixes: [] }
    patch.amendments.push(amendment)
  }
  amendment.fixes.push(fix)
  if (amendment.addedActions.includes(action)) return
  statement.Action = [...asList(statement.Action), action]
  amendment.addedActions.push(action)
}

const grants = (statement: Record<string, unknown>, action: string): boolean =>
  asList(statement.Action).some((pattern) => {
    try {
      return matchesAction(pattern, action)
    } catch {
      return false
    }
  })

function add(
  patch: PolicyPatch,
  statements: Record<string, unknown>[],
  action: string,
  suggested: NonNullable<DriftChange['suggestedStatement']>,
  fix: string,
): void {
  const scope = canonical({ Resource: suggested.Resource, Condition: suggested.Condition })
  const existing = patch.additions.find(
    (a) => canonical({ Resource: a.statement.Resource, Condition: a.statement.Condition }) === scope,
  )
  if (existing) {
    const actions = asList(existing.statement.Action)
    if (!actions.includes(action)) existing.statement.Action = [...actions, action]
    existing.fixes.push(fix)
    return
  }
  const statement: Record<string, unknown> = {
    Sid: uniqueSid(statements),
    Effect: 'Allow',
    Action: [action],
    Resource: suggested.Resource,
    ...(suggested.Condition ? { Condition: suggested.Condition } : {}),
  }
  statements.push(statement)
  patch.additions.push({ statement, fixes: [fix] })
}

function uniqueSid(statements: Record<string, unknown>[]): string {
  const taken = new Set(statements.map((s) => s.Sid))
  let n = 1
  while (taken.has(`HarnessDriftFix${n}`)) n++
  return `HarnessDriftFix${n}`
}

/** The denials a patch should fix: open regressions (new or still denied), changed denials and open denials. */
export function needsPatch(change: DriftChange): boolean {
  // A denial still open on a night that did not see it (inconclusive, or allowed in a seasoned account) carries its
  // fix, unless the declared policy grants it already (the fix is in, a fresh account has yet to confirm it).
  // An open denial carried from a night that ran the step (its region failed tonight, a shard did not report) too.
  if (change.to?.kind !== 'denied')
    return (
      (change.stillDenied === true || change.change === 'open-denial') &&
      change.missingAction !== undefined &&
      !change.grantedNow
    )
  return (
    change.change === 'regression' ||
    change.change === 'changed-denial' ||
    change.change === 'open-denial' ||
    change.stillDenied === true
  )
}

/** How many statements the declared policy has; for "amends 2 of 5 statements". */
export const statementCount = (policy: unknown): number => statementsOf(policy).length
