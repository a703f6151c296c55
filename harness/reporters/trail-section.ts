/**
 * The run's CloudTrail capture in drift.md and report.html: every denied call CloudTrail recorded in the
 * run's account, with its parse, including calls AWS services made for the run (`invokedBy`).
 */
import type { RunRecord } from '../history/types.js'
import type { TrailDenial } from '../outcomes/cloudtrail-event.js'

function summaryLine(denial: TrailDenial): string {
  const action = denial.denied.action ?? denial.denied.actionCandidates?.join(' or ') ?? 'no action named'
  const by = denial.invokedBy ? `, called by ${denial.invokedBy} on the run's behalf` : ''
  const on = denial.denied.resource ? ` on ${denial.denied.resource}` : ''
  return `${denial.eventSource} ${denial.eventName} in ${denial.region ?? '?'}: ${denial.errorCode}${by}: needs ${action}${on}`
}

export function trailMarkdown(record: RunRecord): string[] {
  const trail = record.trail
  if (!trail) return []
  const lines = ['', '## Denied calls in CloudTrail', '']
  if (trail.denials.length === 0)
    lines.push(`None in ${trail.regions.join(', ') || 'any region'} since ${trail.since}.`)
  for (const denial of trail.denials) {
    lines.push(`- ${summaryLine(denial)}`)
    if (denial.message) lines.push(`  Message: ${denial.message}`)
  }
  for (const problem of trail.problems) lines.push(`- Not read: ${problem}`)
  return lines
}

export function trailHtml(record: RunRecord, esc: (text: string) => string): string {
  const lines = trailMarkdown(record)
  if (lines.length === 0) return ''
  const items = lines.filter((line) => line.startsWith('- ')).map((line) => `<li>${esc(line.slice(2))}</li>`)
  const none = lines.find((line) => line.startsWith('None in'))
  return `<h2 id="cloudtrail">Denied calls in CloudTrail</h2>\n${none ? `<p>${esc(none)}</p>` : `<ul>${items.join('')}</ul>`}`
}
