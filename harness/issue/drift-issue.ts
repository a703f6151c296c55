/**
 * The drift report → the state of one tracking issue (pure). The issue is found by a marker in its
 * body, holds a fingerprint of the open findings, and is opened (or reopened) when findings appear,
 * edited only when they change, and closed when a complete night has none. An incomplete night never
 * closes it: it cannot show the drift cleared.
 */
import { createHash } from 'node:crypto'
import type { DriftChange, DriftReport } from '../history/types.js'
import { permissionText, regionVerdicts } from '../reporters/region-verdict.js'

export const ISSUE_TITLE = 'harness: AWS permission drift (open regressions)'
export const MARKER_PREFIX = '<!-- harness-drift-issue'
/** GitHub refuses issue bodies over 65,536 characters; stay well under. */
export const MAX_BODY_CHARS = 60_000

export type IssueAction = 'open' | 'reopen' | 'update' | 'close' | 'none'

export interface CurrentIssue {
  number: number
  state: 'open' | 'closed'
  body: string
}

export interface IssuePlan {
  action: IssueAction
  title: string
  /** The issue to act on; absent for 'open' (and for 'none' without an issue). */
  number?: number
  /** The new body for open/reopen/update; the closing comment for close. */
  body?: string
  fingerprint: string | null
  reason: string
}

/** Findings keep a nightly red: denials that are not declared (regression, still denied, open, changed) and unexpected allows. */
export function openFindings(report: Pick<DriftReport, 'changes'>): DriftChange[] {
  return report.changes.filter(
    (c) =>
      c.change === 'regression' ||
      c.change === 'open-denial' ||
      c.change === 'changed-denial' ||
      c.change === 'unexpected-allow' ||
      // Still denied when last run: tonight too, or on a night that could not tell (inconclusive, not run).
      c.stillDenied === true,
  )
}

/** What was found, not how it compares to last night: a regression that stays open keeps its fingerprint. */
export function fingerprint(findings: DriftChange[]): string | null {
  if (findings.length === 0) return null
  const keys = findings.map((c) => {
    // The denial still open: tonight's, else the last one seen (a night that did not run the step, or could not tell).
    const denial = c.to?.kind === 'denied' ? c.to : c.from?.kind === 'denied' ? c.from : undefined
    const action =
      c.change === 'unexpected-allow' ? (c.to?.kind ?? '') : (denial?.denied?.action ?? c.missingAction ?? '')
    const kind = c.change === 'unexpected-allow' ? 'allowed' : 'denied'
    return `${c.scenario} / ${c.step} @ ${c.region}: ${kind} ${action}`
  })
  return createHash('sha256')
    .update([...new Set(keys)].sort().join('\n'))
    .digest('hex')
    .slice(0, 16)
}

export const markerOf = (print: string, runId: string): string =>
  `${MARKER_PREFIX} fingerprint=${print} run=${runId} -->`

export function fingerprintIn(body: string): string | null {
  return new RegExp(`${MARKER_PREFIX} fingerprint=([0-9a-f]+)`).exec(body)?.[1] ?? null
}

export function planIssue(report: DriftReport, current: CurrentIssue | undefined): IssuePlan {
  const findings = openFindings(report)
  const print = fingerprint(findings)
  const base = { title: ISSUE_TITLE, fingerprint: print }
  // A run that could not check everything (4), or tested nothing or left things behind (3), proves no fix.
  const incomplete = report.verdict?.code === 4 || report.verdict?.code === 3
  if (!print) {
    if (current?.state !== 'open')
      return { ...base, action: 'none', number: current?.number, reason: 'no open findings and no open issue' }
    if (incomplete)
      return {
        ...base,
        action: 'none',
        number: current.number,
        reason: 'no findings, but the run was incomplete: the issue stays open',
      }
    return {
      ...base,
      action: 'close',
      number: current.number,
      body: closingComment(report),
      reason: 'the drift cleared',
    }
  }
  const body = renderIssueBody(report, findings, print)
  if (!current) return { ...base, action: 'open', body, reason: `${findings.length} open finding(s)` }
  if (current.state === 'closed')
    return { ...base, action: 'reopen', number: current.number, body, reason: 'findings are back' }
  if (fingerprintIn(current.body) === print)
    return {
      ...base,
      action: 'none',
      number: current.number,
      reason: 'the drift has not changed since the issue was written',
    }
  return { ...base, action: 'update', number: current.number, body, reason: 'the drift changed' }
}

export function renderIssueBody(report: DriftReport, findings: DriftChange[], print: string): string {
  const regions = regionVerdicts(report).filter((v) => v.changes.some((c) => findings.includes(c)))
  const lines = [
    markerOf(print, report.currentRunId),
    `harness found **${findings.length} open finding(s)** in ${regions.length} region(s) in run \`${report.currentRunId}\`` +
      (report.baselineRunId ? ` (baseline \`${report.baselineRunId}\`).` : '.'),
    '',
    ...regions.map((v) => `- **${v.region}**: ${v.text}`),
    '',
    '| Step | Region | Finding | Permission |',
    '|---|---|---|---|',
    ...findings.map(
      (c) =>
        `| ${c.scenario} / ${c.step} | ${c.region} | ${c.stillDenied ? 'still denied' : c.change} | ${permissionText(c) ?? '—'} |`,
    ),
    '',
    'This issue is kept by the nightly workflow: its body changes only when the drift changes, and it closes',
    "when a complete night finds no open regression. The full report is the run's drift.md.",
  ]
  const body = lines.join('\n')
  return body.length <= MAX_BODY_CHARS ? body : `${body.slice(0, MAX_BODY_CHARS)}\n\n… (truncated; see drift.md)`
}

function closingComment(report: DriftReport): string {
  return `Run \`${report.currentRunId}\` completed with no open regression: the drift cleared. Closed by harness.`
}
