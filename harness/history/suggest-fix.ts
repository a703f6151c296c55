/**
 * From a denial to "the permission AWS now asks for" and a statement that grants it. When the declared policy
 * already has a statement covering the denied resource, the fix takes that statement's resource scope and says
 * which statement to amend; only otherwise is the resource generalized (any region, account and name of that
 * resource type), because every run uses a fresh account and unique names.
 */
import type { DeniedDetails } from '../outcomes/types.js'
import { findCoveringStatement } from './covering-statement.js'
import type { SuggestedStatement } from './types.js'

export interface SuggestedFix {
  missingAction?: string
  candidateActions?: string[]
  deniedResource?: string
  suggestedStatement?: SuggestedStatement
  /** The declared statement whose resource scope covers the denied resource: add the action there. */
  amendsStatement?: string
}

export function suggestFix(denied: DeniedDetails | undefined, step: string, policy?: unknown): SuggestedFix {
  const actions = deniedActions(denied)
  if (actions.length === 0) return denied?.resource ? { deniedResource: denied.resource } : {}
  const statement = statementFor(actions, denied, step)
  const fix: SuggestedFix = { missingAction: actions[0], suggestedStatement: statement }
  const operationAction = operationActionOf(actions, denied, step)
  const covering = findCoveringStatement(policy, {
    actions,
    ...(denied?.resource ? { resource: denied.resource } : {}),
    ...(operationAction ? { operationAction } : {}),
    condition: statement.Condition,
  })
  if (covering) {
    statement.Resource = covering.resource
    fix.amendsStatement = covering.label
  }
  if (actions.length > 1) fix.candidateActions = actions
  if (denied?.resource) fix.deniedResource = denied.resource
  return fix
}

/** `logs:CreateLogGroup` for a Logs 2022 denial: the call itself, whose statement scopes the fix. */
export function operationActionOf(
  actions: string[],
  denied: DeniedDetails | undefined,
  step: string,
): string | undefined {
  const service = actions[0]?.split(':')[0]
  const operation = denied?.operation ?? (/^[A-Z][A-Za-z0-9]+$/.test(step) ? step : undefined)
  return service && operation ? `${service}:${operation}` : undefined
}

function deniedActions(denied: DeniedDetails | undefined): string[] {
  if (!denied) return []
  if (denied.action) return [denied.action]
  return denied.actionCandidates ?? []
}

function statementFor(actions: string[], denied: DeniedDetails | undefined, step: string): SuggestedStatement {
  const statement: SuggestedStatement = {
    Effect: 'Allow',
    Action: actions,
    Resource: denied?.resource ? generalizeResource(denied.resource) : resourceForOperation(denied?.operation),
  }
  const createAction = ec2CreateAction(actions, step)
  if (createAction) statement.Condition = { StringEquals: { 'ec2:CreateAction': createAction } }
  return statement
}

/** EC2 authorizes tags on create as ec2:CreateTags; scope the grant to the creating call (aws-facts §7). */
function ec2CreateAction(actions: string[], step: string): string | undefined {
  if (!actions.includes('ec2:CreateTags')) return undefined
  return /^[A-Z][A-Za-z0-9]+$/.test(step) && step !== 'CreateTags' ? step : 'RunInstances'
}

/** Messages that name only an operation (Logs 2022) still imply the resource type it creates. */
const OPERATION_RESOURCE: Record<string, string> = { CreateLogGroup: 'arn:aws:logs:*:*:log-group:*' }

function resourceForOperation(operation: string | undefined): string {
  return (operation && OPERATION_RESOURCE[operation]) || '*'
}

/** `arn:aws:logs:ca-central-1:123456789012:log-group:harness-lg-ab12` → `arn:aws:logs:*:*:log-group:*`. */
export function generalizeResource(resource: string | undefined): string {
  if (!resource) return '*'
  const arn = /^arn:([^:]+):([^:]+):[^:]*:[^:]*:(.+)$/.exec(resource)
  if (!arn) return '*'
  const [, partition, service, rest = ''] = arn
  const typeMatch = /^([A-Za-z0-9-]+)([/:])/.exec(rest)
  const resourcePart = typeMatch ? `${typeMatch[1]}${typeMatch[2]}*` : '*'
  const globalService = service === 'iam' || service === 's3'
  return `arn:${partition}:${service}:${globalService ? '' : '*'}:${service === 's3' ? '' : '*'}:${resourcePart}`
}
