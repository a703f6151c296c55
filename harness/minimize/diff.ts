/** What minimize changed, per action: dropped, kept, and where a kept action's resources or conditions changed. */
import { matchesAction as covers } from '../policy/index.js'
import { asList, type PolicyDocument, type PolicyStatement } from './policy-document.js'

export interface PolicySummary {
  /** The input's Action entries (patterns as written) and which concrete actions each kept. */
  actions: Array<{ input: string; kept: string[] }>
  /** Kept actions whose resources or conditions differ from the input statement that granted them. */
  narrowed: Array<{ action: string; from: string[]; to: string[]; condition?: PolicyStatement['Condition'] }>
}

export function summarizeChanges(input: PolicyDocument, output: PolicyDocument): PolicySummary {
  const outputGrants = output.Statement.filter((s) => s.Effect === 'Allow').flatMap((statement) =>
    asList(statement.Action).map((action) => ({ action, statement })),
  )
  const actions = input.Statement.filter((s) => s.Effect === 'Allow').flatMap((statement) =>
    asList(statement.Action).map((pattern) => ({
      input: pattern,
      kept: outputGrants.filter((grant) => covers(pattern, grant.action)).map((grant) => grant.action),
    })),
  )
  const narrowed: PolicySummary['narrowed'] = []
  for (const grant of outputGrants) {
    const source = input.Statement.find(
      (s) => s.Effect === 'Allow' && asList(s.Action).some((p) => covers(p, grant.action)),
    )
    const from = asList(source?.Resource)
    const to = asList(grant.statement.Resource)
    const conditionAdded = grant.statement.Condition && !source?.Condition
    if (JSON.stringify(from) === JSON.stringify(to) && !conditionAdded) continue
    narrowed.push({
      action: grant.action,
      from,
      to,
      ...(conditionAdded ? { condition: grant.statement.Condition } : {}),
    })
  }
  return { actions, narrowed }
}
