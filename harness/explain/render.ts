/** Explanations as text for people; --json prints the ExplainResult itself. */
import type { ExplainResult } from './explain-input.js'
import type { Explanation } from './types.js'

export function renderExplainText(result: ExplainResult): string {
  const blocks = result.explanations.map((explanation, index) =>
    renderOne(explanation, result.explanations.length > 1 ? `${index + 1}/${result.explanations.length} ` : ''),
  )
  if (result.summary) blocks.push(result.summary)
  return `${blocks.join('\n\n')}\n`
}

function renderOne(explanation: Explanation, counter: string): string {
  const lines: string[] = []
  const actions = explanation.action ?? explanation.actionCandidates?.join(' or ')
  if (!explanation.readable) lines.push(`${counter}Could not read this as an access denial: no action recognised.`)
  else lines.push(`${counter}Denied: ${actions}`)
  const field = (label: string, value: string | undefined) => {
    if (value) lines.push(`  ${label.padEnd(11)}${value}`)
  }
  field('resource:', explanation.resource)
  field('principal:', explanation.principal)
  field('call:', callOf(explanation))
  if (explanation.readable) {
    field('why:', explanation.reason)
    field(
      'AWS asks:',
      explanation.extraPermission && `${explanation.extraPermission} in addition to the call's own permission`,
    )
    field('fix:', explanation.fixWhere)
  }
  if (explanation.statement) {
    lines.push('  statement:')
    for (const line of compactJson(explanation.statement).split('\n')) lines.push(`    ${line}`)
  }
  if (explanation.notes.length > 0) {
    lines.push('  notes:')
    for (const note of explanation.notes) lines.push(`    - ${note}`)
  }
  return lines.join('\n')
}

function callOf(explanation: Explanation): string | undefined {
  if (!explanation.operation) return undefined
  const where = [explanation.region, explanation.eventTime, explanation.invokedBy && `by ${explanation.invokedBy}`]
  const context = where.filter(Boolean).join(', ')
  return context ? `${explanation.operation} (${context})` : explanation.operation
}

/** Pretty JSON with one-line lists of strings, as people write policies. */
export function compactJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /\[\s+("[^\]]*?")\s+\]/g,
    (_match, items: string) => `[${items.split(/,\s+/).join(', ')}]`,
  )
}
