/** "Fix": one merged patch for every open denial, its JSON diff, and the fixes later runs verified (pure). */

import { compareText } from '../../compare-text.js'
import { needsPatch, type PolicyPatch, patchPolicy } from '../../history/policy-patch.js'
import type { DriftReport, FixVerification, RunRecord } from '../../history/types.js'
import { type DiffLine, lineDiff, withContext } from './line-diff.js'
import type { Night, Strip, VerifiedFix } from './types.js'

export interface FixModel {
  patch: PolicyPatch
  /** Open denials the patch is for. */
  open: number
  /** Of those, the ones this run did not see denied (throttled, not run, a seasoned account): still open, not seen. */
  openUnseen: number
  /** Whether the current run stored its declared policy (without it the patch can only list statements). */
  policyKnown: boolean
  diff: DiffLine[]
  fixedPolicyJson: string
  verified: VerifiedFixGroup[]
  /** This run's `--verify-fix` of the same merged patch, when it ran. */
  trial?: FixVerification
}

export interface VerifiedFixGroup extends Omit<VerifiedFix, 'where'> {
  step: string
  regions: string[]
}

export function fixModel(
  report: DriftReport,
  current: RunRecord,
  strips: readonly Strip[],
  nights: readonly Night[],
  earlierNights = false,
): FixModel {
  const denials = report.changes.filter(needsPatch)
  const patch = patchPolicy(current.policy, denials)
  const before = current.policy === undefined ? '' : JSON.stringify(current.policy, null, 2)
  const fixedPolicyJson = `${JSON.stringify(patch.after, null, 2)}\n`
  return {
    patch,
    open: denials.length,
    openUnseen: denials.filter((change) => change.to?.kind !== 'denied').length,
    policyKnown: current.policy !== undefined,
    diff: withContext(lineDiff(before.split('\n'), fixedPolicyJson.trimEnd().split('\n')), 4),
    fixedPolicyJson,
    verified: verifiedFixGroups(strips, nights, earlierNights),
    ...(current.verifyFix ? { trial: current.verifyFix } : {}),
  }
}

/**
 * Each step's verified fixes, regions together where the same night fixed a streak begun the same night.
 * `earlierNights`: the history has nights before the window, so a streak under way on its first night may
 * be a regression that began before it; without them that night is the step's first run (an open denial).
 */
export function verifiedFixGroups(
  strips: readonly Strip[],
  nights: readonly Night[],
  earlierNights: boolean,
): VerifiedFixGroup[] {
  return groupVerified(strips.flatMap((strip) => verifiedFixesOf(strip, nights, earlierNights)))
}

/**
 * A denial streak that followed an allowed night and ended in an allowed night: a regression a later run saw
 * fixed. A streak already under way on the window's first night counts too (QA: a fix inside a short window
 * was missed); it may have begun earlier, which `sinceWindowStart` says.
 */
export function verifiedFixesOf(
  strip: Strip,
  nights: readonly Night[],
  earlierNights = false,
): Array<VerifiedFix & { step: string; region: string }> {
  const fixes: Array<VerifiedFix & { step: string; region: string }> = []
  let lastAllowed = -1
  let deniedFrom = -1
  strip.marks.forEach((mark, index) => {
    if (mark === 'denied') {
      if (deniedFrom === -1 && (lastAllowed !== -1 || (index === 0 && earlierNights))) deniedFrom = index
      return
    }
    if (mark !== 'allowed') return
    if (deniedFrom !== -1) {
      const night = nights[index]!
      const changedAt = nights
        .slice(deniedFrom + 1, index + 1)
        .some((n, i) => n.policyHash !== nights[deniedFrom + i]!.policyHash)
      fixes.push({
        where: strip.key,
        step: `${strip.scenario} / ${strip.step}`,
        region: strip.region,
        date: night.date,
        runId: night.runId,
        deniedSince: nights[deniedFrom]!.date,
        ...(deniedFrom === 0 ? { sinceWindowStart: true } : {}),
        byPolicyChange: changedAt,
      })
      deniedFrom = -1
    }
    lastAllowed = index
  })
  return fixes
}

/** One line per step, fixing night, cause and since date: regions denied from different nights are not one (QA). */
function groupVerified(fixes: Array<VerifiedFix & { step: string; region: string }>): VerifiedFixGroup[] {
  const groups = new Map<string, VerifiedFixGroup>()
  for (const fix of fixes) {
    const key = [fix.step, fix.runId, fix.byPolicyChange, fix.deniedSince, Boolean(fix.sinceWindowStart)].join('\u0000')
    const group = groups.get(key)
    if (!group) {
      groups.set(key, {
        step: fix.step,
        regions: [fix.region],
        date: fix.date,
        runId: fix.runId,
        deniedSince: fix.deniedSince,
        ...(fix.sinceWindowStart ? { sinceWindowStart: true } : {}),
        byPolicyChange: fix.byPolicyChange,
      })
      continue
    }
    group.regions.push(fix.region)
  }
  for (const group of groups.values()) group.regions.sort()
  return [...groups.values()].sort(
    (a, b) =>
      Date.parse(b.date) - Date.parse(a.date) ||
      compareText(a.step, b.step) ||
      Date.parse(a.deniedSince) - Date.parse(b.deniedSince),
  )
}
