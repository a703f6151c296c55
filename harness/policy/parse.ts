/**
 * parsePolicy: JSON text or object → validated ParsedPolicy, with every problem IAM would reject, each
 * naming the statement (index and Sid) and field. malformedPolicyMessage turns the first into IAM's words.
 */
import type { ParsedPolicy, PolicyDocument, PolicyKind, PolicyValidationError, Statement } from './types.js'
import { validateStatement } from './validate-statement.js'
import { AWS_MESSAGES, orderErrors, type StagedError } from './validation-error.js'

const TOP_LEVEL_FIELDS = new Set(['Version', 'Id', 'Statement'])
const VERSIONS = new Set(['2012-10-17', '2008-10-17'])
/**
 * CreatePolicy (managed identity policies, also used as boundaries) refuses documents without the current
 * grammar version; inline policies fall back to the legacy grammar, and resource, trust and org policies
 * accept 2008-10-17.
 */
const CURRENT_VERSION_KINDS = new Set<PolicyKind>(['identity', 'boundary', 'session'])

export interface ParseOptions {
  /** An inline policy (PutRolePolicy, PutUserPolicy, PutGroupPolicy): a missing or 2008 Version is accepted. */
  inline?: boolean
}

export interface ParseResult {
  policy?: ParsedPolicy
  errors: PolicyValidationError[]
}

function readJson(input: string | unknown): { value?: unknown; error?: string } {
  if (typeof input !== 'string') return { value: input }
  try {
    return { value: JSON.parse(input) }
  } catch (error) {
    return { error: (error as Error).message }
  }
}

function syntax(path: string, message: string): StagedError {
  return { stage: 'syntax', path, message: path ? `${path}: ${message}` : message, awsMessage: AWS_MESSAGES.syntax }
}

export function parsePolicy(input: string | unknown, kind: PolicyKind, options: ParseOptions = {}): ParseResult {
  const { value, error } = readJson(input)
  if (error !== undefined) return { errors: orderErrors([syntax('', `policy is not valid JSON (${error})`)]) }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { errors: orderErrors([syntax('', 'policy must be a JSON object')]) }
  const document = value as Record<string, unknown>
  const errors: StagedError[] = []
  for (const field of Object.keys(document)) {
    if (!TOP_LEVEL_FIELDS.has(field)) errors.push(syntax(field, `unknown top-level field "${field}"`))
  }
  if (document.Id !== undefined && typeof document.Id !== 'string') errors.push(syntax('Id', 'must be a string'))
  validateVersion(document.Version, kind, options, errors)
  const statements = statementList(document.Statement, errors)
  for (const [index, statement] of statements.entries()) validateStatement(statement, { index, kind, errors })
  validateSidUniqueness(statements, errors)
  if (errors.length > 0) return { errors: orderErrors(errors) }
  const normalized = statements as Statement[]
  return { policy: { document: document as unknown as PolicyDocument, statements: normalized }, errors: [] }
}

function validateVersion(version: unknown, kind: PolicyKind, options: ParseOptions, errors: StagedError[]): void {
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.has(version))) {
    errors.push(syntax('Version', `"${String(version)}" is not a policy language version (use "2012-10-17")`))
    return
  }
  if (CURRENT_VERSION_KINDS.has(kind) && !options.inline && version !== '2012-10-17') {
    const message = `Version: ${kind} policies must declare "Version": "2012-10-17"`
    errors.push({ stage: 'version', path: 'Version', message, awsMessage: AWS_MESSAGES.version })
  }
}

function statementList(statement: unknown, errors: StagedError[]): unknown[] {
  if (statement === undefined) {
    errors.push(syntax('Statement', 'is required'))
    return []
  }
  if (Array.isArray(statement)) {
    if (statement.length === 0) errors.push(syntax('Statement', 'must contain at least one statement'))
    return statement
  }
  if (typeof statement !== 'object' || statement === null) {
    errors.push(syntax('Statement', 'must be an object or an array of objects'))
    return []
  }
  return [statement]
}

function validateSidUniqueness(statements: unknown[], errors: StagedError[]): void {
  const seen = new Map<string, number>()
  statements.forEach((statement, index) => {
    const sid = (statement as { Sid?: unknown } | null)?.Sid
    if (typeof sid !== 'string' || sid === '') return
    const first = seen.get(sid)
    if (first === undefined) seen.set(sid, index)
    else
      errors.push({
        stage: 'sid',
        path: `Statement[${index}].Sid`,
        message: `Statement[${index}] (Sid "${sid}").Sid: duplicates the Sid of Statement[${first}]`,
        awsMessage: AWS_MESSAGES.sidUnique,
      })
  })
}
