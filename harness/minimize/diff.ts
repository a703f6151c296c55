/**
 * What minimize changed, per action: dropped, kept, and where a kept action's resources or conditions changed.
 * Judged per input statement from what minimize did (the statements it cut from each, the narrowings a probe
 * confirmed), never by matching actions across statements: two statements granting one action on different
 * resources are two grants, neither narrowed into the other (QA: "kept sns:CreateTopic, sns:CreateTopic").
 */
import { matchesAction as covers } from '../policy/index.js'
import type { Narrowing } from './narrow.js'
import { asList, type PolicyDocument, type PolicyStatement, type RestrictedStatement } from './policy-document.js'

export interface PolicySummary {
  /** The input's Action entries (patterns as written) and which concrete actions each kept. */
  actions: Array<{ input: string; kept: string[] }>
  /** Kept actions whose resources or conditions differ from the input statement that granted them. */
  narrowed: Array<{ action: string; from: string[]; to: string[]; condition?: PolicyStatement['Condition'] }>
}

/**
 * `restricted`: the input cut down to the kept actions (restrictStatements); `narrowings`: those applied to it,
 * each naming its statement by index in `restricted`.
 */
export function summarizeChanges(
  input: PolicyDocument,
  restricted: readonly RestrictedStatement[],
  narrowings: readonly Narrowing[],
): PolicySummary {
  const actions = input.Statement.flatMap((statement, index) => {
    if (statement.Effect !== 'Allow') return []
    const cut = restricted.filter((entry) => entry.source === index).flatMap((entry) => asList(entry.statement.Action))
    return asList(statement.Action).map((pattern) => ({
      input: pattern,
      kept: cut.filter((action) => covers(pattern, action)),
    }))
  })
  const narrowed = narrowings.flatMap((narrowing) => {
    const source = restricted[narrowing.statement]
    const from = source ? input.Statement[source.source] : undefined
    if (!from) return []
    return [
      {
        action: narrowing.action,
        from: asList(from.Resource),
        to: narrowing.resources,
        ...(narrowing.condition ? { condition: narrowing.condition } : {}),
      },
    ]
  })
  return { actions, narrowed }
}
