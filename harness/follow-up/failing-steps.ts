/**
 * Which denials a follow-up acts on (pure): the run's changes that need the policy patched (open regressions,
 * changed and open denials), and the scenarios and regions a re-run must cover to see them again.
 */
import { stepKey } from '../history/diff-keys.js'
import { needsPatch, type PolicyPatch, patchPolicy, where } from '../history/policy-patch.js'
import type { DriftChange, DriftReport, RunRecord } from '../history/types.js'

export interface LeftAlone {
  change: DriftChange
  /** e.g. "the declared Deny Sid NoEcrTagging refuses it: narrow that statement first". */
  why: string
}

export interface FixPlan {
  /** The denials the merged patch is meant to fix. */
  denials: DriftChange[]
  /** Denials the patch leaves alone (a guardrail, a declared Deny), each with why: they stay denied under it. */
  leftAlone: LeftAlone[]
  patch: PolicyPatch
  /** Scenarios holding a failing step, and the regions where one failed, in the run's order. */
  scenarios: string[]
  regions: string[]
}

/** Undefined when nothing in the run is denied that a patch should fix. */
export function planFix(report: Pick<DriftReport, 'changes'>, record: Pick<RunRecord, 'policy'>): FixPlan | undefined {
  const all = report.changes.filter(needsPatch)
  if (all.length === 0) return undefined
  const patch = patchPolicy(record.policy, all)
  // Left alone: not patched, or patched with an Allow that a declared Deny, narrowed by hand first, still refuses.
  const unpatched = new Map<string, string>([
    ...patch.notPatched.map((skip): [string, string] => [skip.where, skip.why]),
    ...patch.toNarrow.map((n): [string, string] => [
      n.where,
      `${n.deny} denies it: the patch adds the Allow, but narrow that Deny first`,
    ]),
  ])
  const denials = all.filter((denial) => !unpatched.has(where(denial)))
  return {
    denials,
    leftAlone: all.flatMap((change) => {
      const why = unpatched.get(where(change))
      return why === undefined ? [] : [{ change, why }]
    }),
    patch,
    scenarios: unique(denials.map((d) => d.scenario)),
    regions: unique(denials.map((d) => d.region)),
  }
}

/** The patch changes the declared policy (not every denial is patchable: guardrails are not). */
export const patchChangesPolicy = (patch: PolicyPatch): boolean =>
  patch.amendments.length > 0 || patch.additions.length > 0

/** Confirmed regressions: new ones, and ones still denied since an earlier run. */
export function confirmedRegressions(report: Pick<DriftReport, 'changes'>): DriftChange[] {
  return report.changes.filter(
    (change) =>
      change.to?.kind === 'denied' &&
      !change.transientDenial &&
      (change.change === 'regression' || change.stillDenied === true),
  )
}

export const changeKey = (change: Pick<DriftChange, 'scenario' | 'step' | 'region'>): string => stepKey(change)

function unique(values: string[]): string[] {
  return [...new Set(values)]
}
