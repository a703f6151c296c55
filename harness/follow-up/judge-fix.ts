/**
 * Reads a follow-up run under the patched policy (pure): the fix is verified only when every step that failed
 * is allowed now (none left alone by the patch) and nothing else in the re-run scenarios is denied (a step the fix let run for the first time
 * may need more); a step declared `expect: 'denied'` that the patch let through is a failure too (the patch
 * widened a guardrail). Anything inconclusive leaves the fix not verified, with why.
 */
import { stepKey } from '../history/diff-keys.js'
import type { DriftChange, FixVerification, FollowUpStep, StepResult } from '../history/types.js'
import { matchesResource } from '../policy/matching.js'
import type { LeftAlone } from './failing-steps.js'

/**
 * `leftAlone`: denials the patch does not fix (a guardrail, a declared Deny). They stay denied under it, so
 * the fix is not verified while there are any: applying the patch would leave those steps failing.
 */
export function judgeFix(
  denials: readonly DriftChange[],
  results: readonly StepResult[],
  leftAlone: readonly LeftAlone[] = [],
): Pick<FixVerification, 'status' | 'reason' | 'steps' | 'otherFailures'> {
  const byKey = new Map(results.map((result) => [stepKey(result), result]))
  const failing = new Set([...denials, ...leftAlone.map((left) => left.change)].map(stepKey))
  const patched = denials.map((denial) => followUpStep(denial, byKey.get(stepKey(denial)), denial))
  const untouched = leftAlone.map(({ change, why }) => ({
    ...followUpStep(change, byKey.get(stepKey(change))),
    detail: `left alone by the patch: ${why}`,
  }))
  const steps = [...patched, ...untouched]
  const otherFailures = results
    .filter((result) => !failing.has(stepKey(result)) && !passes(result))
    .map((result) => followUpStep(result, result))
  const stillFailing = patched.filter((step) => step.outcome !== 'allowed')
  const allowed = `${plural(patched.length - stillFailing.length, 'failing step')} allowed under the patched policy`
  if (stillFailing.length === 0 && otherFailures.length === 0 && untouched.length === 0)
    return { status: 'verified', reason: `${allowed} in an account fresh for them`, steps, otherFailures }
  const parts = [
    stillFailing.length > 0 ? `${plural(stillFailing.length, 'step')} still failing (${names(stillFailing)})` : '',
    otherFailures.length > 0 ? `${plural(otherFailures.length, 'other step')} failing (${names(otherFailures)})` : '',
    untouched.length > 0
      ? `${plural(untouched.length, 'denial')} the patch leaves alone still denied (${names(untouched)})` +
        (stillFailing.length === 0 && otherFailures.length === 0 ? `; ${allowed}` : '')
      : '',
  ].filter(Boolean)
  return { status: 'not-verified', reason: parts.join('; '), steps, otherFailures }
}

function passes(result: StepResult): boolean {
  if (result.expect === 'denied') return result.outcome.kind === 'denied'
  return result.outcome.kind === 'allowed'
}

/** `patched`: the denial the patch was for, whose statement a new denial may fall outside of. */
function followUpStep(
  where: Pick<StepResult, 'scenario' | 'step' | 'region'>,
  result?: StepResult,
  patched?: DriftChange,
): FollowUpStep {
  const base = { scenario: where.scenario, step: where.step, region: where.region }
  if (!result) return { ...base, outcome: 'not-run', detail: 'the step did not run again (an earlier step failed?)' }
  const detail = detailOf(result, patched)
  return { ...base, outcome: result.outcome.kind, ...(detail ? { detail } : {}) }
}

function detailOf(result: StepResult, patched?: DriftChange): string | undefined {
  const outcome = result.outcome
  if (outcome.kind === 'allowed')
    return result.expect === 'denied' ? 'allowed, but the scenario declares it must be denied' : undefined
  if (outcome.kind === 'skipped') return outcome.reason
  if (outcome.kind === 'denied') {
    const denied = outcome.denied
    const action = denied?.action ?? denied?.actionCandidates?.join(' or ')
    if (result.expect === 'denied') return undefined
    if (!action) return outcome.message
    // AWS names one resource per denial: which one, and whether the patch's statement reaches it at all.
    const resource = denied?.resource
    const outside = resource && action === patched?.missingAction ? outsideScope(patched, resource) : undefined
    return `AWS still asks for ${action}${resource ? ` on ${resource}` : ''}${outside ?? ''}`
  }
  return `${outcome.errorName}: ${outcome.message}`
}

/** `: the patch grants it on …instance/* only: widen that statement to cover this resource` when it does not reach it. */
function outsideScope(patched: DriftChange, resource: string): string | undefined {
  const scope = [patched.suggestedStatement?.Resource ?? []].flat()
  if (scope.length === 0 || scope.some((pattern) => safeMatch(pattern, resource))) return undefined
  return `: the patch grants it on ${scope.join(', ')} only: widen that statement to cover this resource`
}

function safeMatch(pattern: string, resource: string): boolean {
  try {
    return matchesResource(pattern, resource)
  } catch {
    return false
  }
}

const names = (steps: FollowUpStep[]): string =>
  steps
    .slice(0, 3)
    .map((s) => `${s.scenario} / ${s.step} @ ${s.region}: ${s.detail ?? s.outcome}`)
    .join('; ') + (steps.length > 3 ? '; …' : '')

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`
