/**
 * `<reports>/report.html`: one self-contained page (no scripts, no external assets). A region × step matrix whose
 * cells say their state in words (colour only reinforces it), then the regressions with a statement to paste.
 */
import { join } from 'node:path'
import { noBaselineReason, openRegressionCounts } from '../history/diff.js'
import { writeFileAtomic } from '../history/run-record.js'
import type { DriftChange, DriftReport, RunRecord } from '../history/types.js'
import { redactSecrets } from '../outcomes/redact.js'
import { followUpHtml } from './follow-up-section.js'
import {
  baselineText,
  CHANGE_LABEL,
  capitalize,
  causeText,
  DISAGREES,
  describeReason,
  fixSentence,
  formatTime,
  inconclusiveText,
  mismatchText,
  outcomeLabel,
  permissionHeading,
  showsStatement,
  sinceText,
  targetLabel,
  verdictText,
} from './format.js'
import { freshnessLabel, freshnessMarkdown } from './freshness-section.js'
import { HTML_STYLE } from './html-style.js'
import { knownAwsChangeOf, knownAwsChangeText } from './known-aws-change.js'
import { openRegressionsDetail, permissionText, regionVerdicts } from './region-verdict.js'
import { trailHtml } from './trail-section.js'

export function renderHtmlReport(report: DriftReport, current: RunRecord, baseline: RunRecord | null): string {
  const verdicts = regionVerdicts(report)
  const regions = verdicts.map((v) => v.region)
  const title = `Permission drift — run ${current.runId}`
  const body = [
    `<h1>${esc(title)}</h1>`,
    runFacts(report, current, baseline),
    '<h2 id="verdicts">Verdict by region</h2>',
    `<ul class="verdicts">${verdicts.map((v) => `<li class="v-${v.status}"><strong>${esc(v.region)}</strong>: ${esc(v.text)}</li>`).join('')}</ul>`,
    mismatchSection(report.changes),
    freshnessHtml(report, current),
    followUpHtml(current, esc),
    '<h2 id="matrix">Steps by region</h2>',
    matrix(report.changes, regions),
    regressionsSection(report.changes, current),
    trailHtml(current, esc),
  ].join('\n')
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
  return redactSecrets(page)
}

export async function writeHtmlReport(
  reportsDir: string,
  report: DriftReport,
  current: RunRecord,
  baseline: RunRecord | null,
): Promise<string> {
  const path = join(reportsDir, 'report.html')
  await writeFileAtomic(path, renderHtmlReport(report, current, baseline))
  return path
}

function runFacts(report: DriftReport, current: RunRecord, given: RunRecord | null): string {
  // A pinned --baseline that shares no step is no baseline of any step (QA: the console said so, the page not).
  const baseline = report.baselineRunId === null ? null : given
  const s = report.summary
  const facts = [
    [
      'Target',
      targetLabel(current.target, current.endpoint) +
        (current.emulatorDate ? `, emulated date ${current.emulatorDate}` : ''),
    ],
    ['Current run', `${current.runId} (started ${formatTime(current.startedAt)}, account ${current.account.id})`],
    [
      'Baseline run (latest of the per-step baselines)',
      baseline
        ? `${baseline.runId} (started ${formatTime(baseline.startedAt)}${baseline.emulatorDate ? `, emulated date ${baseline.emulatorDate}` : ''})`
        : 'none',
    ],
    ['Verdict', verdictText(report.verdict) ?? 'not computed'],
  ]
  const summary = baseline
    ? `<p class="summary">${regressionsHeadline(report)}, ${s.changedDenials} changed denial(s), ${s.relaxations} relaxation(s), ${esc(inconclusiveText(report))}, ${s.new} new, ${s.vanished} vanished.</p>`
    : `<p class="summary"><strong>No baseline: ${esc(noBaselineReason(report))}.</strong> Every step is listed as new.</p>`
  return `<dl class="facts">${facts.map(([k, v]) => `<dt>${esc(k!)}</dt><dd>${esc(v!)}</dd>`).join('')}</dl>\n${summary}`
}

/** `<strong>2 regression(s)</strong>`, or `<strong>2 open regression(s)</strong> (0 new since the baseline, 2 still denied since …)`. */
function regressionsHeadline(report: DriftReport): string {
  const { open } = openRegressionCounts(report)
  const detail = openRegressionsDetail(report)
  return detail
    ? `<strong>${open} open regression(s)</strong> (${esc(detail)})`
    : `<strong>${open} regression(s)</strong>`
}

function mismatchSection(changes: DriftChange[]): string {
  const texts = changes.map(mismatchText).filter((text): text is string => text !== undefined)
  if (texts.length === 0) return ''
  return `<h2 id="disagrees">${esc(DISAGREES)}</h2>\n<ul class="disagrees">${texts.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`
}

function matrix(changes: DriftChange[], regions: string[]): string {
  const rows = [...new Set(changes.map((c) => `${c.scenario}\u0000${c.step}`))].sort()
  // One map instead of a search per cell: 60 rows × 30 regions would scan every change 1,800 times.
  const byCell = new Map<string, DriftChange>()
  for (const c of changes) {
    const key = `${c.scenario}\u0000${c.step}\u0000${c.region}`
    if (!byCell.has(key)) byCell.set(key, c)
  }
  const find = (row: string, region: string) => byCell.get(`${row}\u0000${region}`)
  const head = `<tr><th scope="col">Scenario / step</th>${regions.map((r) => `<th scope="col">${esc(r)}</th>`).join('')}</tr>`
  const body = rows.map((row) => {
    const [scenario, step] = row.split('\u0000')
    const cells = regions.map((region) => cell(find(row, region)))
    return `<tr><th scope="row">${esc(scenario!)} / ${esc(step!)}</th>${cells.join('')}</tr>`
  })
  return `<div class="scroll"><table class="matrix"><caption>Each cell: how the step compares with the baseline, then baseline → current outcome.</caption><thead>${head}</thead><tbody>${body.join('')}</tbody></table></div>`
}

function cell(change: DriftChange | undefined): string {
  if (!change) return '<td class="c-none">not run</td>'
  const status = change.stillDenied ? 'STILL DENIED' : CHANGE_LABEL[change.change]
  const detail =
    change.change === 'new' || change.change === 'vanished'
      ? outcomeLabel(change.to ?? change.from)
      : `${outcomeLabel(change.from)} → ${outcomeLabel(change.to)}`
  const css = change.stillDenied ? 'c-regression' : `c-${change.change}`
  const from = baselineText(change)
  const title = from ? ` title="${esc(`baseline: ${from}`)}"` : ''
  const seasoned = change.freshness === 'seasoned' ? '<span class="detail">NOT FRESH (seasoned account)</span>' : ''
  return `<td class="${css}"${title}><span class="label">${esc(status)}</span><span class="detail">${esc(detail)}</span>${seasoned}</td>`
}

function regressionsSection(changes: DriftChange[], current: RunDates): string {
  const needFix = changes.filter(
    (c) =>
      c.change === 'regression' ||
      c.change === 'changed-denial' ||
      c.change === 'open-denial' ||
      c.change === 'unexpected-allow' ||
      c.stillDenied,
  )
  if (needFix.length === 0) return '<h2 id="regressions">Regressions</h2>\n<p>None.</p>'
  return `<h2 id="regressions">Regressions and how to fix them</h2>\n${needFix.map((c) => regressionCard(c, current)).join('\n')}`
}

type RunDates = Pick<RunRecord, 'startedAt' | 'emulatorDate'>

function regressionCard(change: DriftChange, current: RunDates): string {
  const to = change.to?.kind === 'denied' ? change.to : undefined
  const known = knownAwsChangeOf(change, current)
  const kind = change.stillDenied ? 'Still denied' : CHANGE_LABEL[change.change]
  const items = [
    [
      permissionHeading(change),
      change.change === 'unexpected-allow'
        ? 'nothing: the scenario declares this step must be denied, and it was allowed'
        : (permissionText(change) ?? 'no action named in the message'),
    ],
    ['Cause', causeText(change)],
    ['Known AWS change', known && knownAwsChangeText(known, change.region)],
    ['Baseline', baselineText(change)],
    ['Reason', describeReason(to?.denied?.reason)],
    ['Denied resource', change.deniedResource],
    ['Since', sinceText(change, current.startedAt)],
    ['Account', freshnessLabel(change)],
    ['Not fresh', change.notFresh],
    ['Error', to ? `${to.errorName}${to.httpStatus ? ` (HTTP ${to.httpStatus})` : ''}` : undefined],
  ].filter((item): item is [string, string] => item[1] !== undefined)
  const statement = fixHtml(change)
  return `<section class="card" aria-label="${esc(`${kind}: ${change.scenario} / ${change.step} in ${change.region}`)}">
<h3><span class="badge">${esc(kind)}</span> ${esc(change.region)}: ${esc(change.scenario)} / ${esc(change.step)}</h3>
<dl>${items.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
${to ? `<details><summary>Raw AWS message</summary><pre>${esc(redactSecrets(to.message))}</pre></details>` : ''}
${statement}
</section>`
}

/** The statement to add, or for an explicit Deny the Deny to change (no added statement overrides it). */
function fixHtml(change: DriftChange): string {
  const fix = fixSentence(change)
  if (showsStatement(change))
    return `<p>${esc(capitalize(fix!))}:</p><pre class="fix"><code>${esc(JSON.stringify(change.suggestedStatement, null, 2))}</code></pre>`
  return fix ? `<p class="fix">${esc(capitalize(fix))}.</p>` : ''
}

/** The freshness section (freshness-section.ts): seasoned steps, per-region last fresh test, the pool plan. */
function freshnessHtml(report: DriftReport, current: RunRecord): string {
  const lines = freshnessMarkdown(report, current)
  if (lines.length === 0) return ''
  const rows = Object.entries(report.freshness?.lastFreshByRegion ?? {})
    .map(
      ([region, at]) => `<tr><th scope="row">${esc(region)}</th><td>${esc(at ? at.slice(0, 10) : 'never')}</td></tr>`,
    )
    .join('')
  const items = lines.filter((line) => line.startsWith('- ')).map((line) => `<li>${esc(line.slice(2))}</li>`)
  const prose = lines.filter((line) => /^(Freshness|Pool plan|Vended)/.test(line)).map((line) => `<p>${esc(line)}</p>`)
  return `<h2 id="freshness">Freshness</h2>\n${prose.join('\n')}\n<table class="freshness"><thead><tr><th scope="col">Region</th><th scope="col">Last tested fresh (oldest scenario)</th></tr></thead><tbody>${rows}</tbody></table>${items.length ? `\n<ul>${items.join('')}</ul>` : ''}`
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }
const esc = (value: string): string => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)
