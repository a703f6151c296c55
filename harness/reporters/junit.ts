/**
 * `<reports>/junit.xml`: one testcase per scenario/step@region; regressions fail, new or still denied since an earlier
 * run (so failures agree with the exit code); inconclusive steps are skipped.
 */
import { join } from 'node:path'
import { openRegressionCounts } from '../history/diff.js'
import { writeFileAtomic } from '../history/run-record.js'
import type { DriftChange, DriftReport } from '../history/types.js'
import { redactSecrets } from '../outcomes/redact.js'
import { formatTime, outcomeLabel } from './format.js'
import { permissionText } from './region-verdict.js'

export function renderJunit(report: DriftReport): string {
  const regions = [...new Set(report.changes.map((c) => c.region))].sort()
  const suites = regions.map((region) =>
    suite(
      region,
      report.changes.filter((c) => c.region === region),
    ),
  )
  const failures = openRegressionCounts(report).open
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="harness drift ${attr(report.currentRunId)}" tests="${report.changes.length}" failures="${failures}">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
  return redactSecrets(xml)
}

export async function writeJunit(reportsDir: string, report: DriftReport): Promise<string> {
  const path = join(reportsDir, 'junit.xml')
  await writeFileAtomic(path, renderJunit(report))
  return path
}

function suite(region: string, changes: DriftChange[]): string {
  const failures = changes.filter(isFailure).length
  const skipped = changes.filter((c) => c.change === 'inconclusive').length
  const head = `  <testsuite name="${attr(region)}" tests="${changes.length}" failures="${failures}" skipped="${skipped}">`
  return [head, ...changes.map(testcase), '  </testsuite>'].join('\n')
}

function testcase(change: DriftChange): string {
  const time = ((change.to?.durationMs ?? 0) / 1000).toFixed(3)
  const attributes = `classname="${attr(change.scenario)}" name="${attr(`${change.step}@${change.region}`)}" time="${time}"`
  const body = caseBody(change)
  return body ? `    <testcase ${attributes}>\n${body}\n    </testcase>` : `    <testcase ${attributes} />`
}

const isFailure = (change: DriftChange): boolean => change.change === 'regression' || change.stillDenied === true

function caseBody(change: DriftChange): string | undefined {
  const summary = `${outcomeLabel(change.from)} → ${outcomeLabel(change.to)}`
  if (isFailure(change)) {
    const add = `add ${permissionText(change) ?? 'the permission named in the message'}`
    const message = change.stillDenied
      ? `regression still open: denied${change.since ? ` since ${formatTime(change.since)}` : ''}; ${add}`
      : `regression: now denied; ${add}`
    const type = change.stillDenied ? 'still-denied' : 'regression'
    const details = [summary, change.to?.kind === 'denied' ? change.to.message : '', statement(change)]
    return `      <failure type="${type}" message="${attr(message)}">${text(details.filter(Boolean).join('\n'))}</failure>`
  }
  if (change.change === 'inconclusive') {
    return `      <skipped message="${attr(`inconclusive (${change.inconclusiveReason ?? 'not comparable'}): ${summary}`)}" />`
  }
  if (change.change !== 'unchanged') return `      <system-out>${text(`${change.change}: ${summary}`)}</system-out>`
  return undefined
}

function statement(change: DriftChange): string {
  return change.suggestedStatement ? `Fix:\n${JSON.stringify(change.suggestedStatement, null, 2)}` : ''
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
// biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters; strip them.
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g
const text = (value: string): string => value.replace(INVALID_XML, '').replace(/[&<>]/g, (c) => XML_ESCAPES[c]!)
const attr = (value: string): string =>
  value
    .replace(INVALID_XML, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)
    .replace(/\n/g, '&#10;')
