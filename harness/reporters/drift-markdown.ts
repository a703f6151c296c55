/** `<reports>/drift.md`: what changed, region by region, with the permission to add and a statement to paste. */
import { join } from 'node:path'
import { isFirstRun, noBaselineReason, openRegressionCounts } from '../history/diff.js'
import { writeFileAtomic } from '../history/run-record.js'
import type { DriftChange, DriftReport, RunRecord } from '../history/types.js'
import { redactSecrets } from '../outcomes/redact.js'
import { followUpMarkdown } from './follow-up-section.js'
import {
  baselineText,
  CHANGE_LABEL,
  causeText,
  DISAGREES,
  describeReason,
  fixSentence,
  formatTime,
  inconclusiveText,
  markdownPermission,
  mismatchText,
  outcomeLabel,
  permissionHeading,
  showsStatement,
  sinceText,
  targetLabel,
  verdictText,
} from './format.js'
import { freshnessLabel, freshnessMarkdown } from './freshness-section.js'
import { knownAwsChangeOf, knownAwsChangeText } from './known-aws-change.js'
import { fitSections, foldCleanRegions, foldedLine } from './markdown-budget.js'
import { openRegressionsDetail, type RegionVerdict, regionVerdicts } from './region-verdict.js'
import { trailMarkdown } from './trail-section.js'

export function renderDriftMarkdown(report: DriftReport, current: RunRecord, baseline: RunRecord | null): string {
  const { listed, folded } = foldCleanRegions(regionVerdicts(report))
  const lines = [
    `# Permission drift report — run ${current.runId}`,
    '',
    ...header(report, current, baseline),
    '',
    '## Verdict by region',
    '',
    ...listed.map((v) => `- **${v.region}**: ${v.text}`),
    ...(folded.length > 0 ? [foldedLine(folded, isFirstRun(report))] : []),
    '',
    ...mismatchSection(report),
    ...freshnessMarkdown(report, current),
    // Short, and it answers "is the fix right, and who is hit": above the per-region sections the budget may cut.
    ...followUpMarkdown(current),
  ]
  const sections = listed.map((verdict) => ({
    region: verdict.region,
    text: tidy(regionSection(verdict, current).join('\n')),
  }))
  const trail = tidy(trailMarkdown(current).join('\n')).trimStart()
  // The CloudTrail capture comes after the regions and is cut like them when the budget runs out.
  if (trail) sections.push({ region: 'the CloudTrail capture', text: trail })
  return redactSecrets(`${fitSections(tidy(lines.join('\n')), sections).trimEnd()}\n`)
}

const tidy = (text: string): string => text.replace(/\n{3,}/g, '\n\n').trimEnd()

export async function writeDriftMarkdown(
  reportsDir: string,
  report: DriftReport,
  current: RunRecord,
  baseline: RunRecord | null,
): Promise<string> {
  const path = join(reportsDir, 'drift.md')
  await writeFileAtomic(path, renderDriftMarkdown(report, current, baseline))
  return path
}

function header(report: DriftReport, current: RunRecord, baseline: RunRecord | null): string[] {
  const s = report.summary
  const lines = [
    `- Target: ${targetLabel(current.target, current.endpoint)}${current.emulatorDate ? `, emulated date ${current.emulatorDate}` : ''}`,
    current.poolAccounts
      ? `- Current run: \`${current.runId}\` started ${formatTime(current.startedAt)}, pool accounts ${current.poolAccounts.map((a) => `${a.id} (${a.role}${a.vended ? ', vended' : ''})`).join(', ')}`
      : `- Current run: \`${current.runId}\` started ${formatTime(current.startedAt)}, account ${current.account.id}${current.account.fresh ? ' (fresh)' : ''}`,
  ]
  const verdict = verdictText(report.verdict)
  if (verdict) lines.push(`- Verdict: **${verdict}**`)
  // A pinned --baseline that shares no step is no baseline of any step, as the console says.
  if (!baseline || report.baselineRunId === null) {
    lines.push(
      '',
      `**No baseline: ${noBaselineReason(report)}.** Every step is listed as new; nothing can have drifted yet.`,
    )
    return lines
  }
  lines.push(
    `- Baseline run (each step's own baseline is in its card or row; this is the latest): \`${baseline.runId}\` started ${formatTime(baseline.startedAt)}${baseline.emulatorDate ? `, emulated date ${baseline.emulatorDate}` : ''}`,
    '',
    `${regressionsHeadline(report)}, ${s.changedDenials} changed denial(s), ${s.relaxations} relaxation(s), ` +
      `${inconclusiveText(report)}, ${s.new} new, ${s.vanished} vanished.`,
  )
  if (current.policyHash !== baseline.policyHash) {
    lines.push(
      '',
      '> Note: the declared policy changed since the baseline; each change below says whether your edit explains it.',
    )
  }
  return lines
}

/** `**2 regression(s)**`, or `**2 open regression(s)** (0 new since the baseline, 2 still denied since …)`. */
function regressionsHeadline(report: DriftReport): string {
  const { open } = openRegressionCounts(report)
  const detail = openRegressionsDetail(report)
  return detail ? `**${open} open regression(s)** (${detail})` : `**${open} regression(s)**`
}

function mismatchSection(report: DriftReport): string[] {
  const texts = report.changes.map(mismatchText).filter((text): text is string => text !== undefined)
  if (texts.length === 0) return []
  return [
    `## ${DISAGREES}`,
    '',
    'The declared policy should give these steps the other outcome by the documented rules (the action, its',
    'documented additional actions, tag-on-create): the signature of an undocumented AWS change.',
    '',
    ...texts.map((text) => `- ${text}`),
    '',
  ]
}

function regionSection(verdict: RegionVerdict, current: RunDates): string[] {
  const regressions = verdict.changes.filter((c) => c.change === 'regression')
  const changedDenials = verdict.changes.filter((c) => c.change === 'changed-denial')
  const stillDenied = verdict.changes.filter((c) => c.stillDenied)
  const openDenials = verdict.changes.filter((c) => c.change === 'open-denial')
  const unexpected = verdict.changes.filter((c) => c.change === 'unexpected-allow')
  const carded = new Set([...regressions, ...changedDenials, ...stillDenied, ...openDenials, ...unexpected])
  const rest = verdict.changes.filter((c) => !carded.has(c))
  return [
    `## ${verdict.region}`,
    '',
    `Verdict: ${verdict.text}`,
    '',
    ...regressions.flatMap((c) => denialBlock('Regression', c, current)),
    ...changedDenials.flatMap((c) => denialBlock('Changed denial', c, current)),
    ...stillDenied.flatMap((c) => denialBlock('Still denied (open regression)', c, current)),
    ...openDenials.flatMap((c) => denialBlock('Open denial (never allowed)', c, current)),
    ...unexpected.flatMap((c) => [
      `### Allowed, but the scenario declares it must be denied: ${c.scenario} / ${c.step}`,
      '',
      '- The declared policy or AWS got broader: this call should be refused.',
      '',
    ]),
    ...otherChangesTable(rest),
  ]
}

type RunDates = Pick<RunRecord, 'startedAt' | 'emulatorDate'>

function denialBlock(title: string, change: DriftChange, current: RunDates): string[] {
  const to = change.to?.kind === 'denied' ? change.to : undefined
  const lines = [`### ${title}: ${change.scenario} / ${change.step}`, '']
  lines.push(`- ${permissionHeading(change)}: ${markdownPermission(change.missingAction, change.candidateActions)}`)
  const cause = causeText(change)
  if (cause) lines.push(`- Cause: ${cause}`)
  const known = knownAwsChangeOf(change, current)
  if (known) lines.push(`- Known AWS change: ${knownAwsChangeText(known, change.region)}`)
  const baselineRun = baselineText(change)
  if (baselineRun) lines.push(`- Baseline: ${outcomeLabel(change.from)} in ${baselineRun}`)
  if (change.change === 'changed-denial' && !baselineRun) lines.push(`- Before: ${outcomeLabel(change.from)}`)
  if (to?.denied?.reason)
    lines.push(`- Reason: ${describeReason(to.denied.reason)}${to.denied.policyArn ? ` (${to.denied.policyArn})` : ''}`)
  if (change.deniedResource) lines.push(`- Denied resource: \`${change.deniedResource}\``)
  const since = sinceText(change, current.startedAt)
  if (since) lines.push(`- Since: ${since}`)
  const ran = freshnessLabel(change)
  const otherBaseline = change.baselineFreshness
    ? ` (its baseline ran ${change.baselineFreshness}: none of its own freshness yet)`
    : ''
  if (ran)
    lines.push(
      `- Ran: ${change.freshness === 'seasoned' ? `NOT fresh (${ran}): ${change.notFresh ?? 'seasoned'}` : ran}${otherBaseline}`,
    )
  if (to) {
    const meta = [to.httpStatus ? `HTTP ${to.httpStatus}` : '', to.requestId ? `request id ${to.requestId}` : '']
    lines.push(`- Error: ${to.errorName}${meta.some(Boolean) ? ` (${meta.filter(Boolean).join(', ')})` : ''}`)
    lines.push('- Message:', '', '  ```text', `  ${redactSecrets(to.message).replace(/\n/g, '\n  ')}`, '  ```')
  }
  if (to?.denied?.encodedMessage) {
    lines.push('', '  Decode the encoded part with `aws sts decode-authorization-message --encoded-message <blob>`.')
  }
  const fix = fixSentence(change)
  if (showsStatement(change)) {
    lines.push('', `- Fix: ${fix}:`, '', '  ```json')
    lines.push(
      ...JSON.stringify(change.suggestedStatement, null, 2)
        .split('\n')
        .map((l) => `  ${l}`),
      '  ```',
    )
  } else if (fix) lines.push('', `- Fix: ${fix}.`)
  lines.push('')
  return lines
}

function otherChangesTable(changes: DriftChange[]): string[] {
  if (changes.length === 0) return []
  const cell = (text: string) => text.replaceAll('|', '\\|')
  return [
    '| Scenario | Step | Change | Baseline | Current | Baseline from |',
    '| --- | --- | --- | --- | --- | --- |',
    ...changes.map(
      (c) =>
        `| ${cell(c.scenario)} | ${cell(c.step)} | ${CHANGE_LABEL[c.change]}${c.inconclusiveReason ? ` (${c.inconclusiveReason})` : ''}${c.cause ? ` (${c.cause})` : ''} | ${cell(outcomeLabel(c.from))} | ${cell(outcomeLabel(c.to))} | ${cell(baselineText(c) ?? '—')} |`,
    ),
    '',
  ]
}
