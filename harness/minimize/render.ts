/** A MinimizeResult for people: the policy, what changed against the input, the evidence, the lint. */
import { compactJson } from '../explain/render.js'
import type { MinimizeResult } from './minimize.js'

export function renderMinimizeText(result: MinimizeResult, source: string): string {
  const lines: string[] = [`Least policy for the chosen scenarios (from ${source}, ${result.probes} probe runs):`, '']
  lines.push(compactJson(result.policy), '', `Changes against ${source}:`)
  const changes = lines.length
  for (const { input, kept } of result.diff.actions) {
    // An action kept as written is no change (QA: "~ logs:CreateLogGroup: kept logs:CreateLogGroup").
    if (kept.length === 1 && kept[0] === input) continue
    lines.push(kept.length === 0 ? `  - ${input}: dropped` : `  ~ ${input}: kept ${kept.join(', ')}`)
  }
  for (const change of result.diff.narrowed) {
    const condition = change.condition ? ` when ${JSON.stringify(change.condition)}` : ''
    lines.push(`  ~ ${change.action}: ${change.from.join(', ') || '(none)'} → ${change.to.join(', ')}${condition}`)
  }
  for (const rejected of result.rejectedNarrowings) {
    lines.push(
      `  ! ${rejected.action}: narrowing to ${rejected.resources.join(', ')} broke a step; left as in the input`,
    )
  }
  if (lines.length === changes) lines.push('  none: every action and resource was needed as written')
  lines.push('', 'Evidence (the steps that failed without each action):')
  for (const { action, neededBy } of result.evidence) {
    lines.push(`  ${action}`)
    for (const step of neededBy) lines.push(`    ${step}`)
  }
  if (result.lint.length > 0) {
    lines.push('', 'Catalogue lint:')
    for (const finding of result.lint) lines.push(`  ${finding.path}: ${finding.message}`)
  }
  return `${lines.join('\n')}\n`
}
