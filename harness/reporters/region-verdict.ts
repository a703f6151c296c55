/** One line per region, shared by every reporter so the console, markdown and HTML agree (pure). */

import { compareText } from '../compare-text.js'
import { isFirstRun, openRegressionCounts } from '../history/diff.js'
import type { DriftChange, DriftReport } from '../history/types.js'
import type { OutcomeKind } from '../outcomes/types.js'
import { sinceTime } from './format.js'

export type RegionStatus =
  | 'regression'
  | 'open-denial'
  | 'unexpected-allow'
  | 'changed-denial'
  | 'inconclusive'
  | 'relaxation'
  | 'no-drift'
  | 'first-run'

export interface RegionVerdict {
  region: string
  status: RegionStatus
  /** e.g. `2 regressions — add logs:TagResource, ecr:TagResource`; still-denied steps count as regressions. */
  text: string
  changes: DriftChange[]
  /** When no step was allowed: the steps that failed for another reason than a denial (the "see below"). */
  failures?: DriftChange[]
}

const STATUS_ORDER: RegionStatus[] = [
  'regression',
  'open-denial',
  'unexpected-allow',
  'changed-denial',
  'inconclusive',
  'relaxation',
  'first-run',
  'no-drift',
]

/** Regions with regressions first, then the rest by how much attention they need, then by name. */
export function regionVerdicts(report: DriftReport): RegionVerdict[] {
  const byRegion = new Map<string, DriftChange[]>()
  for (const change of report.changes) byRegion.set(change.region, [...(byRegion.get(change.region) ?? []), change])
  const verdicts = [...byRegion].map(([region, changes]) => verdictFor(region, changes, isFirstRun(report)))
  return verdicts.sort(
    (a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || compareText(a.region, b.region),
  )
}

function verdictFor(region: string, changes: DriftChange[], firstRun: boolean): RegionVerdict {
  const of = (kind: DriftChange['change']) => changes.filter((c) => c.change === kind)
  const regressions = of('regression')
  const stillDenied = changes.filter((c) => c.stillDenied)
  const changed = of('changed-denial')
  const inconclusive = of('inconclusive')
  // Steps no finding counts: a still-denied step not seen tonight is one of the open regressions, and a
  // step skipped (its dependency denied, a missing fact) was not meant to be judged tonight (review).
  const unjudged = inconclusive.filter((c) => !c.stillDenied && c.to?.kind !== 'skipped')
  const relaxations = of('relaxation')
  const verdict = (status: RegionStatus, text: string) => ({
    region,
    status,
    text: text + extras(changes, firstRun),
    changes,
  })
  const openDenials = of('open-denial')
  const unexpected = of('unexpected-allow')
  if (regressions.length + stillDenied.length > 0) {
    const open = [...regressions, ...stillDenied]
    const text = `${openRegressionsText(regressions, stillDenied)} — ${fixList(open)}${causeSuffix(open)}`
    return verdict('regression', text + notRunTonight(open) + alsoOpen(openDenials, unexpected, unjudged))
  }
  if (openDenials.length > 0) {
    const text = `${plural(openDenials.length, 'open denial')} (never allowed) — ${fixList(openDenials)}`
    return verdict('open-denial', text + alsoOpen([], unexpected, unjudged))
  }
  if (unexpected.length > 0) {
    return verdict(
      'unexpected-allow',
      `${plural(unexpected.length, 'step')} allowed that must be denied: ${stepList(unexpected)}${alsoOpen([], [], unjudged)}`,
    )
  }
  if (changed.length > 0) {
    const text = `${plural(changed.length, 'changed denial')} — ${fixList(changed, 'now asks for')}${causeSuffix(changed)}`
    return verdict('changed-denial', text + alsoOpen([], [], unjudged))
  }
  if (inconclusive.length > 0) return verdict('inconclusive', `inconclusive — ${inconclusiveCauses(inconclusive)}`)
  if (relaxations.length > 0) {
    // Allowed again because the declared policy now grants it: the fix of an earlier denial, said as one.
    const fixed = relaxations.every((c) => c.cause === 'policy-change')
    const what = fixed
      ? `${plural(relaxations.length, 'step')} fixed by the policy change`
      : plural(relaxations.length, 'relaxation')
    return verdict('relaxation', `${what} — now allowed: ${stepList(relaxations)}`)
  }
  const nothingAllowed = nothingAllowedText(changes)
  if (nothingAllowed) {
    // Every step failed for a reason other than a denial: a "first run" or "no drift" verdict would hide that.
    const failures = changes.filter((c) => c.to && c.to.kind !== 'allowed' && c.to.kind !== 'denied')
    const text = `${firstRun ? 'first run, no baseline' : 'inconclusive'} — ${nothingAllowed}`
    return { ...verdict('inconclusive', text), failures }
  }
  if (firstRun) return verdict('first-run', `first run, no baseline (${outcomeCounts(changes)})`)
  if (changes.every((c) => c.change === 'new')) {
    return verdict('first-run', `new here, no baseline for this region (${outcomeCounts(changes)})`)
  }
  return verdict('no-drift', `no drift (${outcomeCounts(changes)})`)
}

/** ` — cause: aws-change`, or `— causes: aws-change, policy-change` when the steps differ. */
export function causeSuffix(changes: DriftChange[]): string {
  const causes = [...new Set(changes.map((c) => c.cause).filter((c): c is NonNullable<typeof c> => c !== undefined))]
  if (causes.length === 0) return ''
  return ` — ${causes.length === 1 ? 'cause' : 'causes'}: ${causes.sort().join(', ')}`
}

/**
 * Still denied as far as anyone knows, though not seen denied tonight: the region did not run, or the step was
 * inconclusive or ran in a seasoned account (QA: "still denied" read as seen denied again).
 */
function notRunTonight(open: DriftChange[]): string {
  const say = (count: number, what: string) =>
    count > 0 ? ` (${count === open.length ? '' : `${count} of them `}${what}: not known fixed)` : ''
  const notRun = open.filter((c) => !c.to).length
  const unseen = open.filter((c) => c.to && c.to.kind !== 'denied').length
  return say(notRun, 'not run tonight') + say(unseen, 'not seen denied tonight, inconclusive or in a seasoned account')
}

/**
 * Other findings in the same region, and steps that could not be judged (an error, throttling), so a
 * finding's headline does not hide them (QA: a 503 beside a regression was in no summary line).
 */
function alsoOpen(openDenials: DriftChange[], unexpected: DriftChange[], inconclusive: DriftChange[]): string {
  const parts = [
    openDenials.length > 0 ? plural(openDenials.length, 'open denial') : '',
    unexpected.length > 0 ? `${plural(unexpected.length, 'step')} allowed that must be denied` : '',
    inconclusive.length > 0
      ? `${plural(inconclusive.length, 'step')} inconclusive (${inconclusiveCauses(inconclusive)}: ${stepList(inconclusive, 3)})`
      : '',
  ].filter(Boolean)
  return parts.length > 0 ? `; also ${parts.join(', ')}` : ''
}

/** `2 regressions`, `2 regressions still denied since …`, `3 regressions (1 new, 2 still denied since …)`. */
function openRegressionsText(regressions: DriftChange[], stillDenied: DriftChange[]): string {
  const total = plural(regressions.length + stillDenied.length, 'regression')
  if (stillDenied.length === 0) return total
  if (regressions.length === 0) return `${total} ${stillDeniedSince(stillDenied)}`
  return `${total} (${regressions.length} new, ${stillDenied.length} ${stillDeniedSince(stillDenied)})`
}

/** `still denied since 2026-11-02 10:00:00 UTC`; with several dates, the oldest. */
export function stillDeniedSince(stillDenied: DriftChange[]): string {
  // A replay's denials are dated by their emulated day first, as sinceTime says them.
  const when = (c: DriftChange) => `${c.sinceEmulatorDate ?? ''}${c.since}`
  const dated = stillDenied.filter((c) => c.since !== undefined).sort((a, b) => (when(a) < when(b) ? -1 : 1))
  const oldest = dated[0]
  if (!oldest) return 'still denied'
  const several = new Set(dated.map((c) => c.since)).size > 1
  return several ? `still denied (oldest since ${sinceTime(oldest)})` : `still denied since ${sinceTime(oldest)}`
}

/**
 * For headlines: `0 new since the baseline, 2 still denied since …`, or undefined when nothing is still denied
 * (then `N regressions` says it all). The count to show beside it is `openRegressionCounts(report).open`.
 */
export function openRegressionsDetail(report: Pick<DriftReport, 'summary' | 'changes'>): string | undefined {
  const { regressions, stillDenied } = openRegressionCounts(report)
  if (stillDenied === 0) return undefined
  return `${regressions} new since the baseline, ${stillDenied} ${stillDeniedSince(report.changes.filter((c) => c.stillDenied))}`
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`
}

/**
 * `add ecr:TagResource, logs:TagResource (or logs:TagLogGroup)`, deduplicated; an explicit Deny, which no added
 * permission overrides, as `narrow the Deny of ecr:TagResource (Sid "NoTagging")`.
 */
export function fixList(all: DriftChange[], verb = 'add'): string {
  const listed = (texts: Array<string | undefined>) => [...new Set(texts.filter((t): t is string => t !== undefined))]
  const granted = listed(all.filter((c) => c.grantedNow).map(permissionText))
  const changes = all.filter((c) => !c.grantedNow)
  // An explicit Deny with a statement too: no Allow granted the action either, so it is both lifted and added.
  const adds = listed(changes.filter((c) => !c.explicitDeny || c.suggestedStatement).map(permissionText))
  const denies = listed(changes.filter((c) => c.explicitDeny).map(denyText))
  const fixes = [
    ...(adds.length > 0 ? [`${verb} ${adds.join(', ')}`] : []),
    ...(denies.length > 0 ? [`narrow the Deny of ${denies.join(', ')}`] : []),
    ...(granted.length > 0
      ? [`${granted.join(', ')} now granted by the declared policy, open until a fresh account allows it`]
      : []),
  ]
  return fixes.length > 0 ? fixes.join('; ') : 'see the denial messages (no action named)'
}

const denyText = (change: DriftChange): string | undefined => {
  const permission = permissionText(change)
  return permission && change.blockedBy ? `${permission} (${change.blockedBy})` : permission
}

export function permissionText(change: DriftChange): string | undefined {
  if (!change.missingAction) return undefined
  const others = (change.candidateActions ?? []).filter((action) => action !== change.missingAction)
  return others.length > 0 ? `${change.missingAction} (or ${others.join(', ')})` : change.missingAction
}

/** `sc / Step, sc / Other`; with `max`, the first ones and "…" (a throttled night can leave dozens). */
function stepList(changes: DriftChange[], max = Number.POSITIVE_INFINITY): string {
  const names = changes.slice(0, max).map((c) => `${c.scenario} / ${c.step}`)
  return changes.length > max ? `${names.join(', ')}, …` : names.join(', ')
}

const CAUSE_TEXT: Record<string, string> = {
  'region-not-ready': 'region not ready',
  credentials: 'credential problem',
  throttled: 'throttled',
  error: 'errors',
  skipped: 'steps skipped',
  probed: 'a denial cleared on a probe',
  'not-run': 'not run tonight',
}

function inconclusiveCauses(changes: DriftChange[]): string {
  const causes = changes.map(causeKind)
  return [...new Set(causes)].map((kind) => CAUSE_TEXT[kind] ?? kind).join(', ')
}

/**
 * What made the comparison inconclusive; the current run's problem wins. A step with no result tonight is
 * inconclusive only when its region failed (a shard that never reported); else it would have vanished.
 */
function causeKind({ to, from, transientDenial }: DriftChange): string {
  if (transientDenial) return 'probed'
  if (!to) return 'not-run'
  if (to.kind !== 'allowed' && to.kind !== 'denied') return to.kind
  return from?.kind ?? 'error'
}

function outcomeCounts(changes: DriftChange[]): string {
  const allowed = changes.filter((c) => c.to?.kind === 'allowed').length
  return [`${plural(allowed, 'step')} allowed`, ...notAllowedCounts(changes)].join(', ')
}

/**
 * `0 of 3 steps allowed (1 denied, 2 errors: see below)` when no step was allowed and something besides a denial
 * stopped them; undefined otherwise (denials alone are ordinary verdicts).
 */
function nothingAllowedText(changes: DriftChange[]): string | undefined {
  const ran = changes.filter((c) => c.to !== undefined)
  if (ran.length === 0 || ran.some((c) => c.to?.kind === 'allowed')) return undefined
  if (ran.every((c) => c.to?.kind === 'denied')) return undefined
  return `0 of ${plural(ran.length, 'step')} allowed (${notAllowedCounts(changes).join(', ')}: see below)`
}

const FAILURE_NOUN: Record<Exclude<OutcomeKind, 'allowed'>, [string, string]> = {
  denied: ['denied', 'denied'],
  error: ['error', 'errors'],
  throttled: ['throttled', 'throttled'],
  credentials: ['credential problem', 'credential problems'],
  'region-not-ready': ['region not ready', 'region not ready'],
  skipped: ['skipped', 'skipped'],
}

/** `1 denied`, `2 errors`, … in a fixed order, for the steps of the current run that were not allowed. */
function notAllowedCounts(changes: DriftChange[]): string[] {
  const kinds = Object.keys(FAILURE_NOUN) as (keyof typeof FAILURE_NOUN)[]
  return kinds.flatMap((kind) => {
    const count = changes.filter((c) => c.to?.kind === kind).length
    if (count === 0) return []
    const [one, many] = FAILURE_NOUN[kind]
    return [`${count} ${count === 1 ? one : many}`]
  })
}

/** New and vanished steps beside the verdict; on a first run (no baseline at all) every step is new, so none is counted. */
function extras(changes: DriftChange[], firstRun: boolean): string {
  const added = changes.filter((c) => c.change === 'new').length
  const vanished = changes.filter((c) => c.change === 'vanished').length
  const newRegion = changes.every((c) => c.change === 'new')
  const parts: string[] = []
  if (added > 0 && !firstRun && !newRegion) parts.push(`${plural(added, 'new step')}`)
  if (vanished > 0) parts.push(`${plural(vanished, 'vanished step')}`)
  return parts.length > 0 ? `; ${parts.join(', ')}` : ''
}
