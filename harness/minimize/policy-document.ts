/**
 * The policy document minimize works on: the user's JSON, statements as a list. Candidates are built from
 * the input's own statements (their resources and conditions kept) so a probe never grants more than the input.
 */
import { matchesAction } from '../policy/index.js'

export interface PolicyStatement {
  Sid?: string
  Effect: 'Allow' | 'Deny'
  Action?: string | string[]
  NotAction?: string | string[]
  Resource?: string | string[]
  NotResource?: string | string[]
  Condition?: Record<string, Record<string, string | string[]>>
}

export interface PolicyDocument {
  Version: string
  Statement: PolicyStatement[]
}

export const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

export function readPolicyDocument(json: string): PolicyDocument {
  const raw = JSON.parse(json) as { Version?: string; Statement: PolicyStatement | PolicyStatement[] }
  return {
    Version: raw.Version ?? '2012-10-17',
    Statement: Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement],
  }
}

/** Does this Allow statement's Action (or NotAction) cover `action`? */
export function statementCovers(statement: PolicyStatement, action: string): boolean {
  if (statement.Action !== undefined) return asList(statement.Action).some((pattern) => matchesAction(pattern, action))
  return !asList(statement.NotAction).some((pattern) => matchesAction(pattern, action))
}

/** A statement of a restricted policy and the index of the input statement it was cut from. */
export interface RestrictedStatement {
  source: number
  statement: PolicyStatement
}

/**
 * The input restricted to `actions`: each Allow statement keeps only the listed actions it covered (written
 * out, so wildcards are gone), with its resources and conditions; Deny statements stay as they are.
 */
export function restrictToActions(input: PolicyDocument, actions: readonly string[]): PolicyDocument {
  return { Version: input.Version, Statement: restrictStatements(input, actions).map(({ statement }) => statement) }
}

/** restrictToActions' statements, each with where it came from: what minimize reports is judged per statement. */
export function restrictStatements(input: PolicyDocument, actions: readonly string[]): RestrictedStatement[] {
  const statements: RestrictedStatement[] = []
  for (const [source, statement] of input.Statement.entries()) {
    if (statement.Effect === 'Deny') {
      statements.push({ source, statement })
      continue
    }
    const kept = actions.filter((action) => statementCovers(statement, action))
    if (kept.length === 0) continue
    const { NotAction: _notAction, ...rest } = statement
    statements.push({ source, statement: { ...rest, Action: kept } })
  }
  return statements
}
