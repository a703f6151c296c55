/**
 * Validation of one statement: which elements the policy kind requires or forbids, element types, and the
 * formats of actions, resources, principals and condition values. Errors name the statement and field.
 */

import { parseConditionOperator } from './condition-operators.js'
import { parseDate, parseNumber } from './conditions.js'
import { parseCidr } from './ip.js'
import { splitArn } from './matching.js'
import type { PolicyKind } from './types.js'
import { AWS_MESSAGES, type StagedError, type ValidationStage } from './validation-error.js'

const STATEMENT_FIELDS = new Set([
  'Sid',
  'Effect',
  'Principal',
  'NotPrincipal',
  'Action',
  'NotAction',
  'Resource',
  'NotResource',
  'Condition',
])
const PRINCIPAL_TYPES = new Set(['AWS', 'Service', 'Federated', 'CanonicalUser'])
const PARTITIONS = new Set([
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
  'aws-eusc',
])
const IDENTITY_KINDS = new Set<PolicyKind>(['identity', 'boundary', 'session'])
const NO_PRINCIPAL_KINDS = new Set<PolicyKind>(['identity', 'boundary', 'session', 'scp'])
const AWS_PRINCIPAL =
  /^(\*|\d{12}|arn:[\w-]+:(iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+)|sts::\d{12}:(assumed-role|federated-user)\/.+))$/

type Report = (stage: ValidationStage, field: string, message: string, awsMessage: string) => void

export interface StatementContext {
  index: number
  kind: PolicyKind
  errors: StagedError[]
}

function isStringOrStringList(value: unknown): value is string | string[] {
  return typeof value === 'string' || (Array.isArray(value) && value.every((item) => typeof item === 'string'))
}

function list(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value]
}

function reporter({ index, errors }: StatementContext, sid: unknown): Report {
  const label = typeof sid === 'string' && sid !== '' ? `Statement[${index}] (Sid "${sid}")` : `Statement[${index}]`
  return (stage, field, message, awsMessage) =>
    errors.push({
      stage,
      path: `Statement[${index}]${field ? `.${field}` : ''}`,
      message: `${label}${field ? `.${field}` : ''}: ${message}`,
      awsMessage,
    })
}

export function validateStatement(statement: unknown, context: StatementContext): void {
  const raw = statement as Record<string, unknown>
  const report = reporter(context, typeof raw === 'object' && raw !== null ? raw.Sid : undefined)
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    report('syntax', '', 'must be an object', AWS_MESSAGES.syntax)
    return
  }
  for (const field of Object.keys(raw)) {
    if (!STATEMENT_FIELDS.has(field)) report('syntax', field, `unknown field "${field}"`, AWS_MESSAGES.syntax)
  }
  validateSid(raw.Sid, context.kind, report)
  validateEffect(raw.Effect, report)
  validateElementPair(raw, 'Action', 'NotAction', report)
  validateElementPair(raw, 'Resource', 'NotResource', report)
  validatePrincipalRules(raw, context.kind, report)
  validateActions(raw, report)
  validateResources(raw, context.kind, report)
  validateCondition(raw.Condition, report)
}

function validateSid(sid: unknown, kind: PolicyKind, report: Report): void {
  if (sid === undefined) return
  if (typeof sid !== 'string') report('syntax', 'Sid', 'must be a string', AWS_MESSAGES.syntax)
  else if (IDENTITY_KINDS.has(kind) && !/^[0-9A-Za-z]*$/.test(sid))
    report('sid', 'Sid', `"${sid}" must be alphanumeric`, AWS_MESSAGES.sidAlphanumeric)
}

function validateEffect(effect: unknown, report: Report): void {
  if (effect === 'Allow' || effect === 'Deny') return
  if (effect === undefined) {
    report('syntax', 'Effect', 'is required ("Allow" or "Deny")', AWS_MESSAGES.syntax)
    return
  }
  const text = String(effect)
  const caseOnly = typeof effect === 'string' && ['allow', 'deny'].includes(text.toLowerCase())
  report(
    caseOnly ? 'legacy' : 'syntax',
    'Effect',
    `"${text}" is not valid (expected "Allow" or "Deny", case-sensitive)`,
    caseOnly ? AWS_MESSAGES.legacy : AWS_MESSAGES.syntax,
  )
}

function validateElementPair(raw: Record<string, unknown>, name: string, notName: string, report: Report): void {
  if (raw[name] !== undefined && raw[notName] !== undefined)
    report('syntax', name, `cannot be combined with ${notName}`, AWS_MESSAGES.syntax)
  for (const field of [name, notName]) {
    const value = raw[field]
    if (value !== undefined && !isStringOrStringList(value))
      report('syntax', field, 'must be a string or an array of strings', AWS_MESSAGES.syntax)
  }
}

function validatePrincipalRules(raw: Record<string, unknown>, kind: PolicyKind, report: Report): void {
  const field = raw.Principal !== undefined ? 'Principal' : raw.NotPrincipal !== undefined ? 'NotPrincipal' : undefined
  if (NO_PRINCIPAL_KINDS.has(kind)) {
    if (field) {
      const awsMessage = kind === 'scp' ? AWS_MESSAGES.organizations : AWS_MESSAGES.principalNotAllowed
      report('principal-rules', field, `is not allowed in ${kind} policies`, awsMessage)
    }
    return
  }
  if (!field) report('principal-rules', 'Principal', `is required in ${kind} policies`, AWS_MESSAGES.missingPrincipal)
  if (kind === 'trust') {
    for (const prohibited of ['Resource', 'NotResource', 'NotPrincipal']) {
      if (raw[prohibited] !== undefined)
        report('principal-rules', prohibited, 'is not allowed in trust policies', `Has prohibited field ${prohibited}`)
    }
  }
  if (field) validatePrincipalValue(raw[field], field, report)
}

function validatePrincipalValue(value: unknown, field: string, report: Report): void {
  if (value === '*') return
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    report('syntax', field, 'must be "*" or an object such as {"AWS": "<arn>"}', AWS_MESSAGES.syntax)
    return
  }
  for (const [type, ids] of Object.entries(value)) {
    if (!isStringOrStringList(ids)) {
      report('syntax', `${field}.${type}`, 'must be a string or an array of strings', AWS_MESSAGES.syntax)
      continue
    }
    for (const id of list(ids)) {
      const valid = PRINCIPAL_TYPES.has(type) && (type !== 'AWS' || AWS_PRINCIPAL.test(id)) && id !== ''
      if (!valid)
        report(
          'principal-format',
          `${field}.${type}`,
          `"${id}" is not a valid principal`,
          `Invalid principal in policy: "${type}":"${id}"`,
        )
    }
  }
}

function validateActions(raw: Record<string, unknown>, report: Report): void {
  const field = raw.Action !== undefined ? 'Action' : 'NotAction'
  const value = raw[field]
  if (!isStringOrStringList(value) || list(value).length === 0) {
    if (value === undefined || isStringOrStringList(value))
      report('actions', 'Action', 'is required (Action or NotAction)', AWS_MESSAGES.noActions)
    return
  }
  for (const action of list(value)) {
    const problem = actionProblem(action)
    if (problem) report('action-format', field, `"${action}" ${problem.message}`, problem.awsMessage)
  }
}

function actionProblem(action: string): { message: string; awsMessage: string } | undefined {
  if (action === '*') return undefined
  const parts = action.split(':')
  if (parts.length < 2)
    return { message: 'is not a valid action (expected "service:action")', awsMessage: AWS_MESSAGES.noVendor }
  if (parts.length > 2)
    return { message: 'is not a valid action (only one colon allowed)', awsMessage: AWS_MESSAGES.oneColon }
  const vendor = parts[0] ?? ''
  if (/[*?]/.test(vendor))
    return {
      message: 'is not a valid action (wildcards not allowed in the service prefix)',
      awsMessage: AWS_MESSAGES.vendorWildcard,
    }
  if (!/^[a-zA-Z0-9-]+$/.test(vendor))
    return {
      message: `is not a valid action (service prefix "${vendor}" is not valid)`,
      awsMessage: `Vendor ${vendor} is not valid`,
    }
  return undefined
}

function validateResources(raw: Record<string, unknown>, kind: PolicyKind, report: Report): void {
  if (kind === 'trust') return
  const field = raw.Resource !== undefined ? 'Resource' : 'NotResource'
  const value = raw[field]
  if (!isStringOrStringList(value) || list(value).length === 0) {
    if (value === undefined || isStringOrStringList(value))
      report('resources', 'Resource', 'is required (Resource or NotResource)', AWS_MESSAGES.noResources)
    return
  }
  for (const resource of list(value)) {
    const problem = resourceProblem(resource)
    if (problem) report(problem.stage, field, `"${resource}" ${problem.message}`, problem.awsMessage)
  }
}

function resourceProblem(
  resource: string,
): { stage: ValidationStage; message: string; awsMessage: string } | undefined {
  if (resource === '*') return undefined
  const stage: ValidationStage = 'resource-format'
  if (!resource.startsWith('arn:'))
    return { stage, message: 'is not an ARN or "*"', awsMessage: `Resource ${resource} must be in ARN format or "*".` }
  const parts = splitArn(resource)
  if (parts.length === 2)
    return { stage, message: 'has no service segment', awsMessage: AWS_MESSAGES.vendorUnqualified }
  if (parts.length < 6)
    return {
      stage: 'legacy',
      message: 'is not a valid ARN (expected arn:partition:service:region:account:resource)',
      awsMessage: AWS_MESSAGES.legacy,
    }
  const [, partition = '', service = '', region = ''] = parts
  if (!PARTITIONS.has(partition) && !/[*?$]/.test(partition))
    return {
      stage,
      message: `has an unknown partition "${partition}"`,
      awsMessage: `Partition "${partition}" is not valid for resource "${resource}".`,
    }
  if (service === 'iam' && region !== '')
    return {
      stage,
      message: 'is an IAM ARN with a region',
      awsMessage: `IAM resource ${resource} cannot contain region information.`,
    }
  if (service === 's3' && region !== '' && !/[*?$]/.test(region))
    return {
      stage,
      message: 'is an S3 ARN with a region',
      awsMessage: `Resource ${resource} can not contain region information.`,
    }
  return undefined
}

function validateCondition(condition: unknown, report: Report): void {
  if (condition === undefined) return
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    report('syntax', 'Condition', 'must be an object of operator → {key: values}', AWS_MESSAGES.syntax)
    return
  }
  for (const [operatorName, block] of Object.entries(condition)) {
    const field = `Condition.${operatorName}`
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      report('syntax', field, 'must be an object of condition key → values', AWS_MESSAGES.syntax)
      continue
    }
    const operator = parseConditionOperator(operatorName)
    if (!operator && Object.keys(block).length > 0) {
      report('syntax', field, `"${operatorName}" is not a valid condition operator`, AWS_MESSAGES.syntax)
      continue
    }
    for (const [key, values] of Object.entries(block)) {
      const items = Array.isArray(values) ? values : [values]
      if (!items.every((item) => ['string', 'number', 'boolean'].includes(typeof item))) {
        report('syntax', `${field}.${key}`, 'values must be strings, numbers or booleans', AWS_MESSAGES.syntax)
        continue
      }
      const family = operator?.family
      for (const item of items.map(String)) {
        if (family && !conditionValueValid(family, item))
          report('legacy', `${field}.${key}`, `"${item}" is not a valid ${family} value`, AWS_MESSAGES.legacy)
      }
    }
  }
}

function conditionValueValid(family: string, value: string): boolean {
  if (value.includes('${')) return true
  if (family === 'Date') return parseDate(value) !== undefined
  if (family === 'Numeric') return parseNumber(value) !== undefined
  if (family === 'Ip') return parseCidr(value) !== undefined
  return true
}
