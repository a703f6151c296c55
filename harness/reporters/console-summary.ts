/** A few lines for the terminal or CI log. The caller decides colour (NO_COLOR, TTY); no ANSI when false. */
import { noBaselineReason, openRegressionCounts } from '../history/diff.js'
import type { DriftChange, DriftReport } from '../history/types.js'
import { DISAGREES, mismatchText, outcomeLabel, verdictName } from './format.js'
import { freshnessHeadline, lastFreshText } from './freshness-section.js'
import { openRegressionsDetail, plural, type RegionStatus, regionVerdicts } from './region-verdict.js'

type Paint = 'red' | 'yellow' | 'green' | 'dim' | 'bold'
const ANSI: Record<Paint, [number, number]> = {
  red: [31, 39],
  yellow: [33, 39],
  green: [32, 39],
  dim: [2, 22],
  bold: [1, 22],
}

const MARK: Record<RegionStatus, [string, Paint]> = {
  regression: ['✗', 'red'],
  'open-denial': ['✗', 'red'],
  'unexpected-allow': ['✗', 'red'],
  'changed-denial': ['!', 'yellow'],
  inconclusive: ['?', 'yellow'],
  relaxation: ['↑', 'green'],
  'no-drift': ['✓', 'green'],
  'first-run': ['•', 'dim'],
}

export function renderConsoleSummary(report: DriftReport, options: { color: boolean }): string {
  const paint = (color: Paint, text: string) =>
    options.color ? `\u001b[${ANSI[color][0]}m${text}\u001b[${ANSI[color][1]}m` : text
  const lines = [headline(report, paint)]
  for (const verdict of regionVerdicts(report)) {
    const [mark, color] = MARK[verdict.status]
    lines.push(`  ${paint(color, mark)} ${verdict.region}: ${verdict.text}${notFreshNote(verdict.changes)}`)
    lines.push(...failureLines(verdict.failures ?? []))
  }
  lines.push(...mismatchLines(report.changes, paint))
  lines.push(...freshnessLines(report, paint))
  if (report.verdict) lines.push(verdictLine(report.verdict, paint))
  return `${lines.join('\n')}\n`
}

/** The exit-code contract in one line, so the log says why CI went red (or why it is green). */
export function verdictLine(verdict: NonNullable<DriftReport['verdict']>, paint: (c: Paint, t: string) => string) {
  if (verdict.code === 0) return paint('green', 'Verdict: pass (exit 0)')
  // An infrastructure failure may have left resources or an open account behind: red, like a finding.
  return paint(
    verdict.code === 4 ? 'yellow' : 'red',
    `Verdict: ${verdictName(verdict.code)} (exit ${verdict.code}) — ${verdict.reasons.join('; ')}`,
  )
}

const MAX_FAILURE_LINES = 3

/** Steps whose outcome the documented rules did not predict: a few lines, on every run. */
function mismatchLines(changes: DriftChange[], paint: (color: Paint, text: string) => string): string[] {
  const texts = changes.map(mismatchText).filter((text): text is string => text !== undefined)
  if (texts.length === 0) return []
  const shown = texts.slice(0, MAX_FAILURE_LINES).map((text) => `      ${text}`)
  const more = texts.length > shown.length ? [`      … and ${texts.length - shown.length} more`] : []
  return [`  ${paint('yellow', '!')} ${DISAGREES} on ${plural(texts.length, 'step')}:`, ...shown, ...more]
}

/** ` [NOT fresh]` when the region's steps ran in a seasoned account (` [1 of 3 steps NOT fresh]` when some did). */
function notFreshNote(changes: DriftChange[]): string {
  const seasoned = changes.filter((change) => change.freshness === 'seasoned').length
  if (seasoned === 0) return ''
  return seasoned === changes.length ? ' [NOT fresh]' : ` [${seasoned} of ${plural(changes.length, 'step')} NOT fresh]`
}

/** Pool runs and seasoned steps: how many ran NOT fresh, and per region when it was last tested fresh. */
function freshnessLines(report: DriftReport, paint: (color: Paint, text: string) => string): string[] {
  const headline = freshnessHeadline(report)
  if (!headline) return []
  const seasoned = (report.freshness?.seasonedSteps ?? 0) > 0
  const last = lastFreshText(report)
  return [
    `  ${seasoned ? paint('yellow', '!') : paint('dim', '•')} ${headline}`,
    ...(last ? [`      last tested fresh: ${last}`] : []),
  ]
}

/** Under a region where nothing was allowed: what went wrong, a few steps at most. */
function failureLines(failures: DriftChange[]): string[] {
  const shown = failures
    .slice(0, MAX_FAILURE_LINES)
    .map(
      (c) =>
        `      ${c.scenario} / ${c.step}: ${outcomeLabel(c.to)}${c.freshness === 'seasoned' ? ' (NOT fresh)' : ''}`,
    )
  const more = failures.length - shown.length
  return more > 0 ? [...shown, `      … and ${more} more`] : shown
}

function headline(report: DriftReport, paint: (color: Paint, text: string) => string): string {
  const s = report.summary
  const openDenials = s.openDenials ?? 0
  const unexpected = s.unexpectedAllows ?? 0
  if (report.baselineRunId === null) {
    const denials = openDenials > 0 ? `, ${paint('red', plural(openDenials, 'open denial'))}` : ''
    return `${paint('bold', 'No baseline')}: ${noBaselineReason(report)} (${plural(report.changes.length, 'step')} recorded${denials}).`
  }
  const parts = [
    regressionsPart(report, paint),
    openDenials > 0 ? paint('red', plural(openDenials, 'open denial')) : '',
    unexpected > 0 ? paint('red', `${plural(unexpected, 'step')} allowed that must be denied`) : '',
    s.changedDenials > 0 ? paint('yellow', plural(s.changedDenials, 'changed denial')) : '',
    s.relaxations > 0 ? plural(s.relaxations, 'relaxation') : '',
    s.inconclusive > 0 ? paint('yellow', `${s.inconclusive} inconclusive`) : '',
    s.new > 0 ? `${s.new} new` : '',
    s.vanished > 0 ? `${s.vanished} vanished` : '',
  ].filter(Boolean)
  return `Drift vs baseline ${report.baselineRunId}: ${parts.join(', ')}`
}

/** `2 regressions`, or with still-denied steps `2 open regressions (0 new since the baseline, 2 still denied since …)`. */
function regressionsPart(report: DriftReport, paint: (color: Paint, text: string) => string): string {
  const { open } = openRegressionCounts(report)
  if (open === 0) return paint('green', '0 regressions')
  const detail = openRegressionsDetail(report)
  return detail
    ? `${paint('red', plural(open, 'open regression'))} (${detail})`
    : paint('red', plural(open, 'regression'))
}
