/**
 * The follow-ups in every report: whether the suggested merged patch was verified in a fresh account
 * (`--verify-fix`) and, per confirmed regression, its blast radius. One set of sentences, so the console,
 * drift.md, report.html, junit.xml and drift.json cannot disagree.
 */
import type { BlastRadiusFinding, FixVerification, FollowUpStep, RunRecord } from '../history/types.js'

const where = (s: Pick<FollowUpStep, 'scenario' | 'step' | 'region'>): string =>
  `${s.scenario} / ${s.step} @ ${s.region}`

/** "Fix verified: …" / "Fix not verified: …" — the headline every reporter prints. */
export function verifyFixHeadline(verification: FixVerification): string {
  const ran = verification.runId
    ? ` (follow-up run ${verification.runId}${verification.accountId ? `, account ${verification.accountId}` : ''})`
    : ''
  const status = verification.status === 'verified' ? 'Fix verified' : 'Fix not verified'
  return `${status}: ${verification.reason}${ran}`
}

export function verifyFixStepLines(verification: FixVerification): string[] {
  const lines = verification.steps.map(
    (step) =>
      `${where(step)}: ${step.outcome === 'allowed' ? 'allowed under the patch' : (step.detail ?? step.outcome)}`,
  )
  const others = verification.otherFailures.map(
    (step) => `${where(step)} (reached under the patch): ${step.detail ?? step.outcome}`,
  )
  return [...lines, ...others]
}

export const RADIUS_TEXT: Record<BlastRadiusFinding['radius'], string> = {
  'new-accounts-only': 'new accounts only (existing customers unaffected; every new customer breaks)',
  'all-accounts': 'all accounts (urgent: existing customers break too)',
  unknown: 'unknown',
}

export function blastRadiusLine(finding: BlastRadiusFinding): string {
  return `${where(finding)}: ${RADIUS_TEXT[finding.radius]} — ${finding.reason}`
}

/**
 * One line per verdict: a step denied in 17 regions with the same radius for the same reason (the same
 * seasoned account, or none at all) is one line naming the 17 regions, not the same sentence 17 times.
 */
export function blastRadiusLines(findings: readonly BlastRadiusFinding[]): string[] {
  const groups = new Map<string, { finding: BlastRadiusFinding; regions: string[] }>()
  for (const finding of findings) {
    const key = JSON.stringify([finding.scenario, finding.step, finding.radius, finding.reason])
    const group = groups.get(key)
    if (group) group.regions.push(finding.region)
    else groups.set(key, { finding, regions: [finding.region] })
  }
  return [...groups.values()].map(({ finding, regions }) =>
    blastRadiusLine({
      ...finding,
      region: regions.length > 3 ? `${regions.length} regions (${regions.join(', ')})` : regions.join(', '),
    }),
  )
}

export function followUpMarkdown(record: RunRecord): string[] {
  const lines: string[] = []
  if (record.verifyFix) {
    lines.push('', '## Fix verification', '', `**${verifyFixHeadline(record.verifyFix)}**`, '')
    lines.push(...verifyFixStepLines(record.verifyFix).map((line) => `- ${line}`))
    lines.push('', 'A verified fix does not change the exit code: the declared policy still lacks it.')
  }
  if (record.blastRadius && record.blastRadius.length > 0) {
    lines.push('', '## Blast radius', '')
    lines.push(...blastRadiusLines(record.blastRadius).map((line) => `- ${line}`))
  }
  return lines
}

export function followUpHtml(record: RunRecord, esc: (text: string) => string): string {
  const parts: string[] = []
  if (record.verifyFix) {
    const items = verifyFixStepLines(record.verifyFix).map((line) => `<li>${esc(line)}</li>`)
    parts.push(
      '<h2 id="verify-fix">Fix verification</h2>',
      `<p><strong>${esc(verifyFixHeadline(record.verifyFix))}</strong></p>`,
      items.length > 0 ? `<ul>${items.join('')}</ul>` : '',
      '<p>A verified fix does not change the exit code: the declared policy still lacks it.</p>',
    )
  }
  if (record.blastRadius && record.blastRadius.length > 0) {
    const items = blastRadiusLines(record.blastRadius).map((line) => `<li>${esc(line)}</li>`)
    parts.push('<h2 id="blast-radius">Blast radius</h2>', `<ul>${items.join('')}</ul>`)
  }
  return parts.filter(Boolean).join('\n')
}

export function followUpConsole(record: RunRecord | undefined): string {
  if (!record) return ''
  const lines: string[] = []
  if (record.verifyFix) {
    lines.push(verifyFixHeadline(record.verifyFix))
    lines.push(...verifyFixStepLines(record.verifyFix).map((line) => `  ${line}`))
  }
  for (const line of blastRadiusLines(record.blastRadius ?? [])) lines.push(`Blast radius: ${line}`)
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}

/** drift.json's `followUps`: the same verdicts as data (the tried policy stays in the run record). */
export function followUpJson(record: RunRecord | undefined): Record<string, unknown> | undefined {
  if (!record?.verifyFix && !record?.blastRadius) return undefined
  const verifyFix = record.verifyFix && {
    ...record.verifyFix,
    policy: undefined,
    text: verifyFixHeadline(record.verifyFix),
  }
  return {
    ...(verifyFix ? { verifyFix: JSON.parse(JSON.stringify(verifyFix)) } : {}),
    ...(record.blastRadius ? { blastRadius: record.blastRadius } : {}),
  }
}
