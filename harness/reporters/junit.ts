/**
 * `<reports>/junit.xml`: one testcase per scenario/step@region. Failures are exactly the findings behind exit 1
 * (regressions new or still denied, open and changed denials, allowed steps that must be denied); steps that
 * errored are JUnit errors (exit 4); other inconclusive steps are skipped.
 */
import { join } from 'node:path'
import { writeFileAtomic } from '../history/run-record.js'
import type { DriftChange, DriftReport, RunRecord } from '../history/types.js'
import { redactSecrets } from '../outcomes/redact.js'
import { blastRadiusLine, verifyFixHeadline, verifyFixStepLines } from './follow-up-section.js'
import {
  causeText,
  DISAGREES,
  denyFixText,
  fixSentence,
  GRANTED_NOW,
  mismatchText,
  outcomeLabel,
  sinceTime,
} from './format.js'
import { fixList, permissionText } from './region-verdict.js'

export function renderJunit(report: DriftReport, current?: RunRecord): string {
  const regions = [...new Set(report.changes.map((c) => c.region))].sort()
  const suites = regions.map((region) =>
    suite(
      region,
      report.changes.filter((c) => c.region === region),
    ),
  )
  const failures = report.changes.filter(isFailure).length
  const incomplete = completenessSuite(report)
  const followUps = followUpSuite(current)
  const errors = report.changes.filter(isError).length + (incomplete ? 1 : 0)
  const tests = report.changes.length + (incomplete ? 1 : 0) + (followUps?.tests ?? 0)
  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="harness drift ${attr(report.currentRunId)}" tests="${tests}" failures="${failures + (followUps?.failures ?? 0)}" errors="${errors}">`,
    ...suites,
    ...(incomplete ? [incomplete] : []),
    ...(followUps ? [followUps.xml] : []),
    '</testsuites>',
    '',
  ].join('\n')
  return redactSecrets(xml)
}

export async function writeJunit(reportsDir: string, report: DriftReport, current?: RunRecord): Promise<string> {
  const path = join(reportsDir, 'junit.xml')
  await writeFileAtomic(path, renderJunit(report, current))
  return path
}

/**
 * An infrastructure failure (exit 3) or an incomplete run (exit 4) is one errored test case, so CI shows
 * why even when no step errored itself.
 */
function completenessSuite(report: DriftReport): string | undefined {
  const code = report.verdict?.code
  if (code !== 3 && code !== 4) return undefined
  const message = `${code === 3 ? 'infrastructure failure' : 'run incomplete'}: ${report.verdict?.reasons.join('; ')}`
  return [
    '  <testsuite name="run" tests="1" failures="0" errors="1" skipped="0">',
    '    <testcase classname="harness" name="run completeness" time="0.000">',
    `      <error type="${code === 3 ? 'infrastructure' : 'incomplete'}" message="${attr(message)}" />`,
    '    </testcase>',
    '  </testsuite>',
  ].join('\n')
}

/**
 * The follow-ups as their own suite: the fix verification is a failure when not verified (CI shows why), a pass
 * with its steps as output when verified; each blast radius is a passing case whose output says who is hit.
 */
function followUpSuite(current?: RunRecord): { xml: string; tests: number; failures: number } | undefined {
  const cases: string[] = []
  let failures = 0
  const verification = current?.verifyFix
  if (verification) {
    const headline = verifyFixHeadline(verification)
    const details = text(verifyFixStepLines(verification).join('\n'))
    const verified = verification.status === 'verified'
    if (!verified) failures++
    const body = verified
      ? `      <system-out>${text(headline)}\n${details}</system-out>`
      : `      <failure type="fix-not-verified" message="${attr(headline)}">${details}</failure>`
    cases.push(`    <testcase classname="harness" name="verify-fix" time="0.000">\n${body}\n    </testcase>`)
  }
  for (const finding of current?.blastRadius ?? []) {
    const name = `blast radius ${finding.scenario} / ${finding.step}@${finding.region}`
    cases.push(
      `    <testcase classname="harness" name="${attr(name)}" time="0.000">\n      <system-out>${text(blastRadiusLine(finding))}</system-out>\n    </testcase>`,
    )
  }
  if (cases.length === 0) return undefined
  const head = `  <testsuite name="follow-ups" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`
  return { xml: [head, ...cases, '  </testsuite>'].join('\n'), tests: cases.length, failures }
}

function suite(region: string, changes: DriftChange[]): string {
  const failures = changes.filter(isFailure).length
  const errors = changes.filter(isError).length
  const skipped = changes.filter((c) => c.change === 'inconclusive' && !isError(c) && !isFailure(c)).length
  const head = `  <testsuite name="${attr(region)}" tests="${changes.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`
  return [head, ...changes.map(testcase), '  </testsuite>'].join('\n')
}

function testcase(change: DriftChange): string {
  const time = ((change.to?.durationMs ?? 0) / 1000).toFixed(3)
  const attributes = `classname="${attr(change.scenario)}" name="${attr(`${change.step}@${change.region}`)}" time="${time}"`
  const mismatch = mismatchText(change)
  const flagged = mismatch ? `      <system-out>${text(`${DISAGREES}: ${mismatch}`)}</system-out>` : ''
  const body = [freshnessProperties(change), caseBody(change), flagged].filter(Boolean).join('\n') || undefined
  return body ? `    <testcase ${attributes}>\n${body}\n    </testcase>` : `    <testcase ${attributes} />`
}

/** Where the step ran and whether fresh: JUnit properties, so CI shows a seasoned step as NOT fresh. */
function freshnessProperties(change: DriftChange): string | undefined {
  if (!change.freshness) return undefined
  const properties = [
    `        <property name="freshness" value="${change.freshness === 'seasoned' ? 'NOT fresh (seasoned)' : 'fresh'}" />`,
    change.accountId ? `        <property name="account" value="${attr(change.accountId)}" />` : '',
    change.notFresh ? `        <property name="not-fresh" value="${attr(change.notFresh)}" />` : '',
  ]
  return ['      <properties>', ...properties.filter(Boolean), '      </properties>'].join('\n')
}

const FAILING: readonly DriftChange['change'][] = ['regression', 'open-denial', 'changed-denial', 'unexpected-allow']
const isFailure = (change: DriftChange): boolean => FAILING.includes(change.change) || change.stillDenied === true
const isError = (change: DriftChange): boolean => change.to?.kind === 'error'

function failureMessage(change: DriftChange): string {
  if (change.change === 'unexpected-allow') return 'allowed, but the scenario declares this step must be denied'
  const add = permissionText(change) ? fixList([change]) : 'add the permission named in the message'
  const cause = causeText(change)
  const why = cause ? ` (cause: ${cause})` : ''
  if (change.stillDenied)
    return `regression still open: denied${change.since ? ` since ${sinceTime(change)}` : ''}; ${add}${why}`
  if (change.change === 'open-denial') return `open denial: denied, never allowed before; ${add}`
  if (change.change === 'changed-denial')
    return `changed denial: still denied, now for another permission; ${add}${why}`
  return `regression: now denied; ${add}${why}`
}

function caseBody(change: DriftChange): string | undefined {
  const summary = `${outcomeLabel(change.from)} → ${outcomeLabel(change.to)}`
  if (isFailure(change)) {
    const type = change.stillDenied ? 'still-denied' : change.change
    const details = [summary, change.to?.kind === 'denied' ? change.to.message : '', statement(change)]
    return `      <failure type="${type}" message="${attr(failureMessage(change))}">${text(details.filter(Boolean).join('\n'))}</failure>`
  }
  if (isError(change)) {
    const message = `step errored: ${outcomeLabel(change.to)}`
    return `      <error type="${attr(change.to?.kind === 'error' ? change.to.errorName : 'error')}" message="${attr(message)}">${text(summary)}</error>`
  }
  if (change.change === 'inconclusive') {
    return `      <skipped message="${attr(`inconclusive (${change.inconclusiveReason ?? 'not comparable'}): ${summary}`)}" />`
  }
  if (change.change !== 'unchanged') return `      <system-out>${text(`${change.change}: ${summary}`)}</system-out>`
  return undefined
}

function statement(change: DriftChange): string {
  if (change.grantedNow) return `Fix: ${GRANTED_NOW}.`
  const denyFix = denyFixText(change)
  // Worded when the statement alone would mislead: a Deny to change too, or tag-on-create's wider scope.
  const worded = denyFix || change.tagOnCreate
  if (change.suggestedStatement)
    return `Fix${worded ? `: ${fixSentence(change)}` : ''}:\n${JSON.stringify(change.suggestedStatement, null, 2)}`
  return denyFix ? `Fix: ${denyFix}.` : ''
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
