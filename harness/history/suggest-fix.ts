/**
 * From a denial to "the permission AWS now asks for" and a statement that grants it. When the declared policy
 * already has a statement covering the denied resource, the fix takes that statement's resource scope and says
 * which statement to amend; only otherwise does the fix name the denied resource itself, with only the parts that
 * change from run to run made wildcards (region, account, and the run's unique-name token and what follows it):
 * never the whole resource type, so a fix is never wider than what the denial named. The one exception is EC2
 * tag-on-create, where AWS names only the first resource type it refuses: that fix covers every type the
 * creating call can tag, under the ec2:CreateAction condition (policy/ec2-tag-on-create.ts).
 */
import type { DeniedDetails } from '../outcomes/types.js'
import { asResource, tagOnCreateResources } from '../policy/ec2-tag-on-create.js'
import { policyAllowsAction } from '../policy/evaluate.js'
import { type ConditionNotMet, findConditionedGrant } from './conditioned-grant.js'
import {
  findCoveringStatement,
  findDenyingStatement,
  findStatementCoveringAll,
  statementsOf,
} from './covering-statement.js'
import type { SuggestedStatement, TagOnCreateScope } from './types.js'

export interface SuggestedFix {
  missingAction?: string
  candidateActions?: string[]
  deniedResource?: string
  suggestedStatement?: SuggestedStatement
  /** The declared statement whose resource scope covers the denied resource: add the action there. */
  amendsStatement?: string
  /** EC2 tag-on-create: the statement covers every type the creating call can tag. */
  tagOnCreate?: TagOnCreateScope
  /**
   * An explicit Deny refused the call, and no Allow overrides one: there is a suggested statement only when no
   * Allow grants the action either, so the Deny must be lifted and the statement added.
   */
  explicitDeny?: true
  /** The declared Deny statement that matches the call (`Sid "…"` or `Statement[i]`): narrow or remove it. */
  blockedBy?: string
  /**
   * A declared Allow grants the action on the resource only under a Condition the call did not meet: the
   * suggested statement (if the call's values are known) keeps that condition, with the values the call carried.
   */
  conditionNotMet?: ConditionNotMet
}

/** A denial and where it happened: the step, its region, and the run's declared policy and unique-name token. */
interface Denial {
  denied: DeniedDetails
  step: string
  region?: string
  policy: unknown
  /** The run's unique-name token (runNameToken of its run id), found in the names of what it created. */
  nameToken?: string
}

export function suggestFix(
  denied: DeniedDetails | undefined,
  step: string,
  policy?: unknown,
  nameToken?: string,
  region?: string,
): SuggestedFix {
  const named = deniedActions(denied)
  if (!denied || named.length === 0) {
    const fix: SuggestedFix = denied?.resource ? { deniedResource: denied.resource } : {}
    if (isExplicitDeny(denied)) fix.explicitDeny = true
    return fix
  }
  const denial: Denial = { denied, step, policy, ...(nameToken ? { nameToken } : {}), ...(region ? { region } : {}) }
  // A declared Deny without a Condition refuses its actions whatever the message says (Logs' tag-on-create
  // wording and older formats never say "explicit deny"). Of alternatives, the fix grants one it does not refuse.
  const open = named.filter((action) => !refusedByDeclaredDeny(denial, [action]))
  const actions = [...open, ...named.filter((action) => !open.includes(action))]
  if (isExplicitDeny(denied) || open.length === 0) return explicitDenyFix(actions, denial)
  return conditionFix(actions, denial) ?? allowFix(actions, denial)
}

/**
 * A declared Allow covers the action on the denied resource under a Condition the call did not meet: the fix keeps
 * the condition (a statement naming what the call carried), never adds the action where no condition guards it.
 * EC2 tag-on-create has its own rule (ec2:CreateAction, statementFor).
 */
function conditionFix(actions: string[], denial: Denial): SuggestedFix | undefined {
  const { denied, step, region, policy } = denial
  if (!denied.resource || actions.includes('ec2:CreateTags')) return undefined
  const grant = findConditionedGrant(policy, actions, denied.resource, impliedContext(denied, step, region))
  if (!grant || (grant.notMet.keys.length === 0 && !grant.notMet.unknown)) return undefined
  const fix: SuggestedFix = {
    missingAction: grant.action,
    deniedResource: denied.resource,
    conditionNotMet: grant.notMet,
  }
  if (grant.statement) fix.suggestedStatement = grant.statement
  if (actions.length > 1) fix.candidateActions = actions
  return fix
}

/** The resource an Allow for this denial would be scoped to in `policy` (as if no Deny refused it). */
export function allowScope(denied: DeniedDetails | undefined, step: string, policy: unknown): string | undefined {
  const actions = deniedActions(denied)
  if (!denied || actions.length === 0) return undefined
  return firstResource(allowFix(actions, { denied, step, policy }).suggestedStatement)
}

/** The statement's resource, or the first of its list (a tag-on-create fix's, whose first is the denied type's). */
export const firstResource = (statement: Pick<SuggestedStatement, 'Resource'> | undefined): string | undefined =>
  Array.isArray(statement?.Resource) ? statement.Resource[0] : statement?.Resource

/** Whether a declared Deny without a Condition refuses one of `actions` on the denied resource. */
function refusedByDeclaredDeny(denial: Pick<Denial, 'denied' | 'policy'>, actions: string[]): boolean {
  const resource = denial.denied.resource
  return (
    findDenyingStatement(denial.policy, { actions, unconditional: true, ...(resource ? { resource } : {}) }) !==
    undefined
  )
}

/** The statement that grants the first of `actions`, scoped as the declared statement covering it is. */
function allowFix(actions: string[], denial: Denial): SuggestedFix {
  const { denied, step } = denial
  const statement = statementFor(actions, denied, step, denial.nameToken)
  const fix: SuggestedFix = { missingAction: actions[0], suggestedStatement: statement }
  scopeAsDeclared(fix, statement, actions, denial)
  if (actions.length > 1) fix.candidateActions = actions
  if (denied.resource) fix.deniedResource = denied.resource
  return fix
}

/** Names the declared statement that covers the denied resource (amend it) and takes its resource scope. */
function scopeAsDeclared(fix: SuggestedFix, statement: SuggestedStatement, actions: string[], denial: Denial): void {
  const { denied, step, policy } = denial
  const operationAction = operationActionOf(actions, denied, step)
  const query = { actions, ...(operationAction ? { operationAction } : {}), condition: statement.Condition }
  const tagOnCreate = tagOnCreateOf(actions, denied, step)
  if (tagOnCreate) {
    fix.tagOnCreate = tagOnCreate.scope
    // Amended only where one statement covers every type already; the statement keeps the full list.
    const covering = findStatementCoveringAll(policy, query, tagOnCreate.resources)
    if (covering) fix.amendsStatement = covering.label
    return
  }
  const covering = findCoveringStatement(policy, {
    ...query,
    ...(denied.resource ? { resource: denied.resource } : {}),
  })
  if (!covering) return
  statement.Resource = covering.resource
  fix.amendsStatement = covering.label
}

const isExplicitDeny = (denied: DeniedDetails | undefined): boolean => /explicit deny/.test(denied?.reason ?? '')

/**
 * The declared Deny statement matching the denial, where the declared policy can be what denied it: a message
 * naming another policy type (an SCP, a boundary) points elsewhere, unless a declared Deny refuses it regardless.
 */
function denyingStatement(
  denial: Denial,
  actions: string[],
  options: { unconditional?: boolean } = {},
): string | undefined {
  const { denied } = denial
  const declaredCouldDeny = denied.policyType === undefined || denied.policyType === 'identity-based'
  if (!declaredCouldDeny && !options.unconditional) return undefined
  const query = { actions, ...(denied.resource ? { resource: denied.resource } : {}), ...options }
  return findDenyingStatement(denial.policy, query)?.label
}

/**
 * No Allow overrides an explicit Deny (IAM policy evaluation logic): the fix is the Deny, found in the declared
 * policy. When no Allow grants the action either (a Deny kept for caution, then AWS started asking for the
 * action), lifting the Deny is not enough: the fix adds the statement too.
 */
function explicitDenyFix(actions: string[], denial: Denial): SuggestedFix {
  const allows = withoutDenies(denial.policy)
  const granted = !allows || grantsAny(actions, { ...denial, policy: allows })
  const fix: SuggestedFix = granted ? { missingAction: actions[0] } : allowFix(actions, { ...denial, policy: allows })
  fix.explicitDeny = true
  if (actions.length > 1) fix.candidateActions = actions
  if (denial.denied.resource) fix.deniedResource = denial.denied.resource
  const blocking = denyingStatement(denial, actions) ?? denyingStatement(denial, actions, { unconditional: true })
  if (blocking) fix.blockedBy = blocking
  return fix
}

/** The declared policy's Allow statements alone; undefined when the record holds no policy to read. */
function withoutDenies(policy: unknown): { Version: string; Statement: unknown[] } | undefined {
  if (typeof policy !== 'object' || policy === null) return undefined
  return { Version: '2012-10-17', Statement: statementsOf(policy).filter((s) => s.Effect !== 'Deny') }
}

/**
 * Whether `policy` (the run's declared one) now grants what an earlier identity-policy denial asked for, which
 * `deniedUnder` (the policy of the run denied) did not: a fix applied since, not yet confirmed where the denial
 * happened (a fresh account). A guardrail's denial (SCP, boundary) is never fixed by the declared policy.
 */
export function grantsDenied(
  denied: DeniedDetails,
  step: string,
  policies: { now: unknown; deniedUnder: unknown },
  region?: string,
): boolean {
  const actions = deniedActions(denied)
  if (actions.length === 0 || (denied.policyType !== undefined && denied.policyType !== 'identity-based')) return false
  const grants = (policy: unknown) =>
    typeof policy === 'object' &&
    policy !== null &&
    grantsAny(actions, { denied, step, policy, ...(region ? { region } : {}) }, false)
  return grants(policies.now) && !grants(policies.deniedUnder)
}

/**
 * Whether an Allow of `denial.policy` grants one of `actions` on the denied resource (else the fix's scope);
 * `unreadable`: the answer for a stored policy the evaluator cannot read.
 */
function grantsAny(actions: string[], denial: Denial, unreadable = true): boolean {
  const { denied, step, region } = denial
  const resource = denied.resource ?? firstResource(allowFix(actions, denial).suggestedStatement) ?? '*'
  const context = impliedContext(denied, step, region)
  return actions.some((action) => {
    try {
      return policyAllowsAction(denial.policy as never, action, resource, context)
    } catch {
      // By default suggest nothing more than lifting the Deny; grantsDenied never says "the fix is in".
      return unreadable
    }
  })
}

/**
 * The request context a denial implies, for evaluating the declared policy as AWS did: the region it was
 * made in, and for EC2 tags on create, ec2:CreateAction naming the creating call (aws-facts §7).
 */
export function impliedContext(
  denied: DeniedDetails | undefined,
  step: string,
  region: string | undefined,
): Record<string, string> {
  const actions = deniedActions(denied)
  const createAction = ec2CreateAction(actions, denied, step)
  const ecsCreateAction = ecsCreateActionOf(actions, denied, step)
  const passedTo = actions.includes('iam:PassRole') && denied?.call ? PASSED_TO_SERVICE[denied.call] : undefined
  return {
    ...(region ? { 'aws:RequestedRegion': region } : {}),
    ...(createAction ? { 'ec2:CreateAction': createAction } : {}),
    ...(ecsCreateAction ? { 'ecs:CreateAction': ecsCreateAction } : {}),
    ...(passedTo ? { 'iam:PassedToService': passedTo } : {}),
  }
}

/**
 * ECS authorizes tags given on create as ecs:TagResource with ecs:CreateAction naming the creating call
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/supported-iam-actions-tagging.html).
 */
function ecsCreateActionOf(actions: string[], denied: DeniedDetails | undefined, step: string): string | undefined {
  if (!actions.includes('ecs:TagResource')) return undefined
  const operation = recordedOperation(denied) ?? stepAsOperation(step)
  return operation && operation !== 'TagResource' ? operation : undefined
}

/**
 * The service a call passes a role to (iam:PassedToService): ECS task and execution roles go to
 * ecs-tasks.amazonaws.com (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html), a
 * function's execution role to lambda.amazonaws.com
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html), an instance profile's role
 * to ec2.amazonaws.com, a stack's service role to cloudformation.amazonaws.com.
 */
const PASSED_TO_SERVICE: Record<string, string> = {
  'ecs:RegisterTaskDefinition': 'ecs-tasks.amazonaws.com',
  'ecs:RunTask': 'ecs-tasks.amazonaws.com',
  'ecs:StartTask': 'ecs-tasks.amazonaws.com',
  'ecs:CreateService': 'ecs-tasks.amazonaws.com',
  'ecs:UpdateService': 'ecs-tasks.amazonaws.com',
  'ecs:CreateTaskSet': 'ecs-tasks.amazonaws.com',
  'lambda:CreateFunction': 'lambda.amazonaws.com',
  'lambda:UpdateFunctionConfiguration': 'lambda.amazonaws.com',
  'ec2:RunInstances': 'ec2.amazonaws.com',
  'ec2:AssociateIamInstanceProfile': 'ec2.amazonaws.com',
  'cloudformation:CreateStack': 'cloudformation.amazonaws.com',
  'cloudformation:UpdateStack': 'cloudformation.amazonaws.com',
}

/** `logs:CreateLogGroup` for a Logs 2022 denial: the call itself, whose statement scopes the fix. */
export function operationActionOf(
  actions: string[],
  denied: DeniedDetails | undefined,
  step: string,
): string | undefined {
  const service = actions[0]?.split(':')[0]
  const operation = denied?.operation ?? stepAsOperation(step)
  return service && operation ? `${service}:${operation}` : undefined
}

/** The call a denied step made, as the run recorded it (the message's operation, else the failed call's). */
const recordedOperation = (denied: DeniedDetails | undefined): string | undefined =>
  denied?.operation ?? denied?.call?.split(':')[1]

/** A step named like an API call (RunInstances, CreateLogGroup) is taken for it when nothing was recorded. */
export const stepAsOperation = (step: string): string | undefined =>
  /^[A-Z][A-Za-z0-9]+$/.test(step) ? step : undefined

function deniedActions(denied: DeniedDetails | undefined): string[] {
  if (!denied) return []
  if (denied.action) return [denied.action]
  return denied.actionCandidates ?? []
}

function statementFor(
  actions: string[],
  denied: DeniedDetails | undefined,
  step: string,
  nameToken?: string,
): SuggestedStatement {
  const resource = denied?.resource ? generalizeResource(denied.resource, nameToken) : undefined
  const statement: SuggestedStatement = {
    Effect: 'Allow',
    // Alternatives ("either logs:TagResource or logs:TagLogGroup"): the first suffices, as the fix text and the
    // policy patch say; the rest stay in candidateActions.
    Action: actions.slice(0, 1),
    Resource: resource ?? resourceForOperation(denied?.operation),
  }
  const createAction = ec2CreateAction(actions, denied, step)
  if (createAction) {
    statement.Condition = { StringEquals: { 'ec2:CreateAction': createAction } }
    const onCreate = resource ? tagOnCreateResources(createAction, resource) : undefined
    if (onCreate) statement.Resource = asResource(onCreate.resources)
  }
  return statement
}

/**
 * EC2 tag-on-create: the creating call, the types it can tag, and their ARNs in the denied resource's region and
 * account (what a declared statement must cover for the fix to amend it).
 */
function tagOnCreateOf(
  actions: string[],
  denied: DeniedDetails,
  step: string,
): { scope: TagOnCreateScope; resources: string[] } | undefined {
  const operation = ec2CreateAction(actions, denied, step)
  const onCreate = operation && denied.resource ? tagOnCreateResources(operation, denied.resource) : undefined
  if (!operation || !onCreate) return undefined
  return { scope: { operation, resourceTypes: onCreate.resourceTypes }, resources: onCreate.resources }
}

/**
 * Why a tag-on-create statement names more types than the denial did, in the words every report and
 * `harness explain` use: "ec2:CreateTags on every resource type RunInstances can tag (instance, volume, …), …".
 */
export function tagOnCreateNote(scope: TagOnCreateScope): string {
  const { operation, resourceTypes } = scope
  const types = resourceTypes.includes('*')
    ? `on every resource type ${operation} creates`
    : `on every resource type ${operation} can tag (${resourceTypes.join(', ')})`
  return `it grants ec2:CreateTags ${types}, and only while ${operation} creates them (ec2:CreateAction): AWS names only the first resource it refuses, and a grant on that one alone is refused on the next`
}

/** EC2 authorizes tags on create as ec2:CreateTags; scope the grant to the creating call (aws-facts §7). */
function ec2CreateAction(actions: string[], denied: DeniedDetails | undefined, step: string): string | undefined {
  if (!actions.includes('ec2:CreateTags')) return undefined
  // The call the step made, as recorded, before its name: a step named LaunchTaggedInstance is no EC2 API,
  // and ec2:CreateAction = LaunchTaggedInstance would never match (review).
  const recorded = recordedOperation(denied)
  if (recorded && recorded !== 'CreateTags') return recorded
  const named = stepAsOperation(step)
  return named && named !== 'CreateTags' ? named : 'RunInstances'
}

/** Messages that name only an operation (Logs 2022) still imply the resource type it creates. */
const OPERATION_RESOURCE: Record<string, string> = { CreateLogGroup: 'arn:aws:logs:*:*:log-group:*' }

function resourceForOperation(operation: string | undefined): string {
  return (operation && OPERATION_RESOURCE[operation]) || '*'
}

/** `instance/i-0abc…`, `volume/vol-0abc…`: EC2-style ids (prefix, 8 or 17 hex digits) AWS generates on create. */
const AWS_GENERATED_ID = /^([A-Za-z0-9-]+[/:])[a-z]{1,12}-(?:[0-9a-f]{8}|[0-9a-f]{17})$/

/**
 * `arn:aws:logs:ca-central-1:123456789012:log-group:harness-lg-ab12cd` with token `ab12cd` →
 * `arn:aws:logs:*:*:log-group:harness-lg-*`; without the token in the name, the name stays whole
 * (`arn:aws:sqs:*:*:q1`). Region and account differ in every fresh account, so they are wildcards.
 */
export function generalizeResource(resource: string | undefined, nameToken?: string): string {
  if (!resource) return '*'
  const arn = /^arn:([^:]+):([^:]+):[^:]*:[^:]*:(.+)$/.exec(resource)
  if (!arn) return '*'
  const [, partition, service, rest = ''] = arn
  const tokenAt = nameToken ? rest.toLowerCase().indexOf(nameToken.toLowerCase()) : -1
  const generated = AWS_GENERATED_ID.exec(rest)
  // An id AWS assigns on create (i-…, vol-…) is new every time: only its type can be named ahead of the call.
  const resourcePart = tokenAt > 0 ? `${rest.slice(0, tokenAt)}*` : generated ? `${generated[1]}*` : rest
  const globalService = service === 'iam' || service === 's3'
  return `arn:${partition}:${service}:${globalService ? '' : '*'}:${service === 's3' ? '' : '*'}:${resourcePart}`
}
