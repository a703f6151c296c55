/**
 * What a cell's drill-down shows (pure): the raw AWS message, the parsed denial, prediction vs actual, the probes,
 * the account and its freshness, the regions denying the same action, the follow-up's blast radius, the run
 * it came from and the cell's recent streaks. Fields the run record may not have (predictions, a blast radius)
 * are shown when present.
 */
import { formatElapsed } from '../../elapsed.js'
import { denialIdentity } from '../../history/diff.js'
import type { DriftChange, RunRecord, StepResult } from '../../history/types.js'
import { redactSecrets } from '../../outcomes/redact.js'
import { RADIUS_TEXT } from '../follow-up-section.js'
import {
  CHANGE_LABEL,
  capitalize,
  causeText,
  DISAGREES,
  describeReason,
  fixSentence,
  formatTime,
  missingText,
  outcomeLabel,
  showsStatement,
  sinceTime,
} from '../format.js'
import { day } from './nights.js'
import type { Night, NowCell, Strip } from './types.js'

/** Label → value rows, in display order; values are plain text (the page inserts them as text, never HTML). */
export type DrillRows = Array<[string, string]>

export interface DrillDown {
  title: string
  rows: DrillRows
  message?: string
  statement?: string
  streaks: string[]
}

export function drillDown(
  cell: NowCell,
  change: DriftChange,
  current: RunRecord,
  result: StepResult | undefined,
  strip: Strip | undefined,
  nights: readonly Night[],
  spread: DeniedSpread,
): DrillDown {
  const to = change.to
  const denied = to?.kind === 'denied' ? to.denied : undefined
  const rows: DrillRows = [
    ['Status', change.stillDenied ? 'still denied (open regression)' : CHANGE_LABEL[change.change]],
    ['Outcome now', outcomeLabel(to)],
    [
      'Baseline',
      change.from
        ? `${outcomeLabel(change.from)}${change.baseline ? ` in run ${change.baseline.runId} (${formatTime(change.baseline.startedAt)})` : ''}`
        : 'none',
    ],
    ['Cause', causeText(change) ?? '—'],
    ['Since', sinceTime(change) ?? '—'],
  ]
  if (to && to.kind !== 'allowed' && to.kind !== 'skipped') {
    rows.push([
      'Error',
      `${to.errorName}${to.httpStatus ? ` (HTTP ${to.httpStatus})` : ''}${to.requestId ? `, request id ${to.requestId}` : ''}`,
    ])
  }
  if (denied) {
    rows.push(['Parsed action', denied.action ?? denied.actionCandidates?.join(' or ') ?? '—'])
    rows.push(['Parsed resource', denied.resource ?? '—'])
    rows.push(['Parsed reason', describeReason(denied.reason) ?? '—'])
    if (denied.policyType)
      rows.push(['Policy type', denied.policyType + (denied.policyArn ? ` (${denied.policyArn})` : '')])
  }
  rows.push(['Prediction vs actual', predictionText(result, to?.kind, change)])
  rows.push(['Probes', probesText(result)])
  rows.push([
    'Account',
    `${current.account.id} (${cell.freshness}${current.account.createdAt ? `, created ${formatTime(current.account.createdAt)}` : ''})`,
  ])
  // "Blast radius" is the follow-up's verdict, as in drift.md and report.html (QA: the dashboard used the
  // name for how many regions denied the same action).
  rows.push(['Denied in this run', spreadText(change, spread)])
  const radius = current.blastRadius?.find(
    (f) => f.scenario === change.scenario && f.step === change.step && f.region === change.region,
  )
  if (radius) rows.push(['Blast radius', `${RADIUS_TEXT[radius.radius]} — ${radius.reason}`])
  rows.push([
    'Run',
    `${current.runId}, started ${formatTime(current.startedAt)}${current.emulatorDate ? `, emulated date ${day(current.emulatorDate)}` : ''}`,
  ])
  if (change.amendsStatement && !change.grantedNow) rows.push(['Fix amends', change.amendsStatement])
  const fix = change.explicitDeny || change.grantedNow || change.tagOnCreate ? fixSentence(change) : undefined
  if (fix) rows.push(['Fix', capitalize(fix)])
  const drill: DrillDown = {
    title: `${change.region} · ${change.scenario} / ${change.step}`,
    rows,
    streaks: strip ? streakTexts(strip, nights) : [],
  }
  if (to && 'message' in to) drill.message = redactSecrets(to.message)
  if (showsStatement(change)) drill.statement = JSON.stringify(change.suggestedStatement, null, 2)
  return drill
}

/** `denied 2022-12-21 → 2022-12-29 (9 nights)`, newest first, at most 12. */
export function streakTexts(strip: Strip, nights: readonly Night[]): string[] {
  return strip.streaks
    .slice(-12)
    .reverse()
    .map((s) => {
      const count = s.to - s.from + 1
      return `${s.mark} ${day(nights[s.from]!.date)} → ${day(nights[s.to]!.date)} (${count} night${count === 1 ? '' : 's'})`
    })
}

/** The documented rules' prediction (recorded by the run since predictions exist) against the actual outcome. */
/** The diff's own judgement (predictionMismatch) decides "disagrees": a policy's resource scope may explain a denial. */
function predictionText(
  result: StepResult | undefined,
  actual: string | undefined,
  change: Pick<DriftChange, 'predictionMismatch'>,
): string {
  const prediction = result?.prediction
  if (!prediction) return 'not recorded in this run'
  const missing = prediction.missing.length > 0 ? ` (missing ${missingText(prediction.missing)})` : ''
  const predicted = `predicted ${prediction.outcome}${missing}`
  if (actual !== 'allowed' && actual !== 'denied') return `${predicted}, actual ${actual ?? '—'}`
  if (prediction.outcome === actual) return `${predicted}, actual ${actual} — as documented`
  return change.predictionMismatch
    ? `${predicted}, actual ${actual} — ${DISAGREES}`
    : `${predicted}, actual ${actual} — the policy grants it only on some resources or under conditions, which may explain it`
}

function probesText(result: StepResult | undefined): string {
  const probes = result?.probes ?? []
  if (probes.length === 0) return 'none'
  const list = probes.map((p) => `after ${formatElapsed(p.waitedMs)}: ${outcomeLabel(p.outcome)}`).join('; ')
  return `${probes.length} (${list})${result?.transientDenial ? ' — cleared: a transient denial, never a regression' : ''}`
}

/** Per denial identity (what it asks for): the regions where the current run saw it. */
export type DeniedSpread = Map<string, string[]>

export function deniedSpreadOf(changes: readonly DriftChange[]): DeniedSpread {
  const spread: DeniedSpread = new Map()
  for (const change of changes) {
    if (change.to?.kind !== 'denied' || change.change === 'expected-denial') continue
    const id = denialIdentity(change.to)
    if (!id) continue
    spread.set(id, [...new Set([...(spread.get(id) ?? []), change.region])])
  }
  return spread
}

/** In how many regions of this run the same action was denied. */
function spreadText(change: DriftChange, spread: DeniedSpread): string {
  if (change.to?.kind !== 'denied') return 'not applicable (not denied)'
  const id = denialIdentity(change.to)
  const regions = id ? spread.get(id) : undefined
  if (!regions) return 'unknown (the message names no action)'
  return `${id} denied in ${regions.length} region${regions.length === 1 ? '' : 's'} of this run: ${regions.slice(0, 12).join(', ')}${regions.length > 12 ? ', …' : ''}`
}
