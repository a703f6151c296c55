/**
 * Resource narrowing: a kept action granted on `*` is scoped to ARN patterns of what the steps touched
 * (region and account generalized, the run's unique name token and what follows it made a wildcard), and
 * ec2:CreateTags to the creating call with the documented `ec2:CreateAction` condition key (aws-facts §7).
 */
import { splitArn } from '../policy/index.js'
import { asList, type PolicyDocument, type PolicyStatement } from './policy-document.js'
import type { ProbeCheck, ProbeResult } from './probe.js'

export interface Narrowing {
  action: string
  /** Index of the statement in the policy being narrowed. */
  statement: number
  resources: string[]
  condition?: PolicyStatement['Condition']
}

export interface NarrowingOptions {
  /** The tag harness puts on everything a run creates; a condition on it scopes actions on existing resources. */
  managedTag?: { key: string; value: string }
  /** Actions whose touched resource types document `aws:ResourceTag/${TagKey}` in the catalogue. */
  resourceTagDocumented?: ReadonlySet<string>
}

/** One narrowing per action granted on exactly `*` for which the probe saw allowed checks. */
export function proposeNarrowings(
  policy: PolicyDocument,
  checks: ProbeCheck[],
  nameToken: string,
  options: NarrowingOptions = {},
): Narrowing[] {
  const narrowings: Narrowing[] = []
  for (const [index, statement] of policy.Statement.entries()) {
    if (statement.Effect !== 'Allow' || !asList(statement.Resource).includes('*')) continue
    for (const action of asList(statement.Action)) {
      const touched = checks.filter((check) => check.decision === 'Allowed' && sameAction(check.action, action))
      if (touched.length === 0) continue
      const resources = [...new Set(touched.map((check) => generalizeArn(check.resource, nameToken)))].sort()
      if (resources.includes('*')) continue
      const narrowing: Narrowing = { action, statement: index, resources }
      const condition = mergeConditions(
        createActionCondition(action, touched, statement),
        managedTagCondition(action, touched, statement, options),
      )
      if (condition) narrowing.condition = condition
      narrowings.push(narrowing)
    }
  }
  return narrowings
}

const sameAction = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** `arn:aws:logs:ca-central-1:123456789012:log-group:harness-lg-ab12cd-1:log-stream:` → `arn:aws:logs:*:*:log-group:harness-lg-*`. */
export function generalizeArn(resource: string, nameToken: string): string {
  if (!resource.startsWith('arn:')) return '*'
  const [arn, partition, service, region, account, rest = ''] = splitArn(resource)
  const tokenAt = nameToken ? rest.toLowerCase().indexOf(nameToken.toLowerCase()) : -1
  let resourcePart: string
  if (tokenAt > 0) resourcePart = `${rest.slice(0, tokenAt)}*`
  else if (rest.endsWith('*')) resourcePart = rest
  else {
    const type = /^([A-Za-z0-9-]+[/:])/.exec(rest)
    resourcePart = type ? `${type[1]}*` : '*'
  }
  return [arn, partition, service, region ? '*' : '', account ? '*' : '', resourcePart].join(':')
}

/**
 * `narrowing` plus the generalized resources the probe's denials of its action named, or undefined when they
 * named none it lacks: AWS may check an action on more resources than the first probe showed (EC2's denial
 * names one resource at a time, e.g. the volume after the instance of a RunInstances).
 */
export function withDeniedResources(narrowing: Narrowing, result: ProbeResult): Narrowing | undefined {
  const named = result.results.flatMap((r) => {
    const denied = r.outcome.kind === 'denied' ? r.outcome.denied : undefined
    if (!denied?.action || !denied.resource || !sameAction(denied.action, narrowing.action)) return []
    return [generalizeArn(denied.resource, result.nameToken)]
  })
  const extra = named.filter((resource) => resource !== '*' && !narrowing.resources.includes(resource))
  if (extra.length === 0) return undefined
  return { ...narrowing, resources: [...new Set([...narrowing.resources, ...extra])].sort() }
}

/** EC2 authorizes tags given on create as ec2:CreateTags with ec2:CreateAction = the creating call. */
function createActionCondition(
  action: string,
  touched: ProbeCheck[],
  statement: PolicyStatement,
): PolicyStatement['Condition'] | undefined {
  if (!sameAction(action, 'ec2:CreateTags') || statement.Condition) return undefined
  const operations = [...new Set(touched.map((check) => check.operation))].sort()
  if (operations.length === 0 || operations.includes('CreateTags')) return undefined
  return { StringEquals: { 'ec2:CreateAction': operations.length === 1 ? (operations[0] as string) : operations } }
}

/**
 * `aws:ResourceTag/<managed-by>` when every resource the action touched already carried the run's managed-by tag
 * and the catalogue documents the key for its resource type (scopes e.g. TerminateInstances to harness's own).
 */
function managedTagCondition(
  action: string,
  touched: ProbeCheck[],
  statement: PolicyStatement,
  options: NarrowingOptions,
): PolicyStatement['Condition'] | undefined {
  const tag = options.managedTag
  if (!tag || statement.Condition || !options.resourceTagDocumented?.has(action)) return undefined
  if (!touched.every((check) => check.resourceTags?.[tag.key] === tag.value)) return undefined
  return { StringEquals: { [`aws:ResourceTag/${tag.key}`]: tag.value } }
}

function mergeConditions(
  ...conditions: Array<PolicyStatement['Condition'] | undefined>
): PolicyStatement['Condition'] | undefined {
  const merged: NonNullable<PolicyStatement['Condition']> = {}
  for (const condition of conditions) {
    for (const [operator, keys] of Object.entries(condition ?? {})) merged[operator] = { ...merged[operator], ...keys }
  }
  return Object.keys(merged).length > 0 ? merged : undefined
}

/**
 * The policy with `narrowings` applied: each narrowed action moves out of its `*` statement into a statement
 * of its own (actions with the same resources and condition share one).
 */
export function applyNarrowings(policy: PolicyDocument, narrowings: Narrowing[]): PolicyDocument {
  const statements: PolicyStatement[] = []
  for (const [index, statement] of policy.Statement.entries()) {
    const moved = narrowings.filter((narrowing) => narrowing.statement === index)
    const movedActions = new Set(moved.map((narrowing) => narrowing.action))
    const remaining = asList(statement.Action).filter((action) => !movedActions.has(action))
    if (remaining.length > 0 || statement.Action === undefined)
      statements.push({ ...statement, ...(statement.Action ? { Action: remaining } : {}) })
    for (const group of groupNarrowings(moved)) {
      statements.push({
        Sid: sidFor(group.actions),
        Effect: 'Allow',
        Action: group.actions,
        Resource: group.resources.length === 1 ? (group.resources[0] as string) : group.resources,
        ...(group.condition
          ? { Condition: group.condition }
          : statement.Condition
            ? { Condition: statement.Condition }
            : {}),
      })
    }
  }
  return { Version: policy.Version, Statement: statements }
}

function groupNarrowings(narrowings: Narrowing[]) {
  const groups = new Map<string, { actions: string[]; resources: string[]; condition?: PolicyStatement['Condition'] }>()
  for (const narrowing of narrowings) {
    const key = JSON.stringify([narrowing.resources, narrowing.condition ?? null])
    const group = groups.get(key) ?? { actions: [], resources: narrowing.resources, condition: narrowing.condition }
    group.actions.push(narrowing.action)
    groups.set(key, group)
  }
  return [...groups.values()]
}

/** `logs:CreateLogGroup` → `LogsCreateLogGroup`; made unique per policy by minimize.ts. */
function sidFor(actions: string[]): string {
  const [service = '', name = ''] = (actions[0] ?? '').split(':')
  return `${service.charAt(0).toUpperCase()}${service.slice(1)}${name}`.replace(/[^A-Za-z0-9]/g, '')
}
