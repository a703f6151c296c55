/**
 * Policies compiled once for evaluation: action patterns lower-cased or turned into RegExps, resource
 * patterns split into ARN segments, conditions parsed. Cached by document object (WeakMap) or by document
 * text (Map), so evaluate() never re-parses JSON on the hot path.
 */
import { type CompiledCondition, compileConditions } from './conditions.js'
import { compileResourceElement } from './matching.js'
import { type CompiledPattern, compilePattern } from './patterns.js'
import type { Effect, NamedPolicy, ParsedPolicy, PolicyDocument, PrincipalBlock, Statement } from './types.js'

/** An action pattern: exact lower-cased text, or a RegExp when it has wildcards. */
export type ActionMatcher = string | RegExp

export interface CompiledStatement {
  index: number
  sid?: string
  effect: Effect
  actions?: ActionMatcher[]
  notActions?: ActionMatcher[]
  resources?: CompiledPattern[]
  notResources?: CompiledPattern[]
  principal?: PrincipalBlock
  notPrincipal?: PrincipalBlock
  conditions: CompiledCondition[]
}

export interface CompiledPolicy {
  statements: CompiledStatement[]
}

const byObject = new WeakMap<object, CompiledPolicy>()
const byText = new Map<string, CompiledPolicy>()
const MAX_TEXT_ENTRIES = 5_000

function list(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined
  return Array.isArray(value) ? value : [value]
}

function compileAction(pattern: string): ActionMatcher {
  if (!/[*?]/.test(pattern)) return pattern.toLowerCase()
  return compilePattern(pattern, false, true).regex as RegExp
}

function compileStatement(statement: Statement, index: number, withVariables: boolean): CompiledStatement {
  const resources = list(statement.Resource)?.map((pattern) => compileResourceElement(pattern, withVariables))
  const notResources = list(statement.NotResource)?.map((pattern) => compileResourceElement(pattern, withVariables))
  return {
    index,
    sid: statement.Sid,
    effect: statement.Effect,
    actions: list(statement.Action)?.map(compileAction),
    notActions: list(statement.NotAction)?.map(compileAction),
    resources,
    notResources,
    principal: statement.Principal,
    notPrincipal: statement.NotPrincipal,
    conditions: compileConditions(statement.Condition, withVariables),
  }
}

function isParsedPolicy(document: PolicyDocument | ParsedPolicy): document is ParsedPolicy {
  return Array.isArray((document as ParsedPolicy).statements) && 'document' in document
}

function compileDocument(document: PolicyDocument | ParsedPolicy): CompiledPolicy {
  const source = isParsedPolicy(document) ? document.document : document
  const statements = isParsedPolicy(document) ? document.statements : [source?.Statement ?? []].flat()
  // Policy variables exist only in the 2012-10-17 grammar; older documents treat `${…}` as literal text.
  const withVariables = source?.Version === '2012-10-17'
  return {
    statements: statements
      .filter((statement) => typeof statement === 'object' && statement !== null)
      .map((statement, index) => compileStatement(statement, index, withVariables)),
  }
}

function compileText(text: string): CompiledPolicy {
  const cached = byText.get(text)
  if (cached) return cached
  let compiled: CompiledPolicy
  try {
    compiled = compileDocument(JSON.parse(text) as PolicyDocument)
  } catch {
    // Stored documents were validated when written; unreadable text grants nothing.
    compiled = { statements: [] }
  }
  if (byText.size >= MAX_TEXT_ENTRIES) byText.clear()
  byText.set(text, compiled)
  return compiled
}

export function compilePolicy(document: NamedPolicy['document']): CompiledPolicy {
  if (typeof document === 'string') return compileText(document)
  const cached = byObject.get(document)
  if (cached) return cached
  const compiled = compileDocument(document)
  byObject.set(document, compiled)
  return compiled
}
