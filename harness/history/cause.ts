/**
 * Why a step changed (pure): `guardrail` when the denial names a policy harness does not declare (an SCP,
 * a permissions boundary, a session policy), `policy-change` when harness's own evaluator shows that the
 * edit between the baseline's declared policy and this run's explains it, `aws-change` otherwise.
 */
import type { FailedOutcome, Outcome } from '../outcomes/types.js'
import { policyAllowsAction } from '../policy/evaluate.js'
import { matchesAction } from '../policy/matching.js'
import { asList, canonical, findDenyingStatement, findDenyingStatements, statementsOf } from './covering-statement.js'
import type { ChangeCause, ChangeKind } from './types.js'

export interface CauseInput {
  change: ChangeKind
  from?: Outcome
  to?: Outcome
  baselinePolicy?: unknown
  currentPolicy?: unknown
  /** The resource to evaluate with when the denial names none (the suggested statement's). */
  resourceHint?: string
  /** Condition keys the request carried that the denial implies, e.g. ec2:CreateAction. */
  context?: Record<string, string>
  /** Where the edit happened, for the text: "in this run's policy" unless the baseline is an older run. */
  editedWhen?: string
}

export interface Attribution {
  cause: ChangeCause
  causeText: string
}

const ATTRIBUTED: readonly ChangeKind[] = ['regression', 'relaxation', 'changed-denial']

/** Policy types that are not the declared identity policy (IAM UG, "Troubleshoot access denied" message clauses). */
const GUARDRAIL_TYPES: Record<string, string> = {
  'service control': 'a service control policy (SCP)',
  'resource control': 'a resource control policy (RCP)',
  'permissions boundary': 'a permissions boundary',
  session: 'a session policy',
}

export function attributeCause(input: CauseInput): Attribution | undefined {
  if (!ATTRIBUTED.includes(input.change)) return undefined
  const denial = input.change === 'relaxation' ? input.from : input.to
  if (denial?.kind !== 'denied') return undefined
  const guardrail = guardrailOf(denial)
  if (guardrail && input.change !== 'relaxation')
    return { cause: 'guardrail', causeText: `the denial comes from ${guardrail}, not from the declared policy` }
  const actions = deniedActions(denial)
  return policyEdit(input, actions) ?? { cause: 'aws-change', causeText: awsChangeText(input) }
}

/** The denial names a policy harness does not declare (an SCP, a boundary, a session policy). */
export const comesFromGuardrail = (outcome: Outcome | undefined): boolean =>
  outcome?.kind === 'denied' && guardrailOf(outcome) !== undefined

function guardrailOf(denial: FailedOutcome): string | undefined {
  const type = denial.denied?.policyType
  return type ? GUARDRAIL_TYPES[type] : undefined
}

function deniedActions(denial: FailedOutcome): string[] {
  if (denial.denied?.action) return [denial.denied.action]
  return denial.denied?.actionCandidates ?? []
}

/**
 * "you removed ecr:TagResource in this run's policy" when the edit explains the change, else undefined. A Deny
 * the edit added (or removed) explains an explicit denial (or its end) even where the evaluation, which lacks
 * some of the request's context, cannot tell whether its Condition applied; if the baseline policy did not
 * grant the action either, AWS changed too, and the Deny is named beside that.
 */
function policyEdit(input: CauseInput, actions: string[]): Attribution | undefined {
  const { baselinePolicy, currentPolicy } = input
  if (actions.length === 0 || !isDocument(baselinePolicy) || !isDocument(currentPolicy)) return undefined
  const relaxation = input.change === 'relaxation'
  const denial = relaxation ? input.from : input.to
  const denied = denial?.kind === 'denied' ? denial.denied : undefined
  const resource = denial?.kind === 'denied' ? resourceOf(input) : '*'
  const grants = (policy: object) => actions.some((action) => allows(policy, action, resource, input.context))
  // As the fix reads it (suggest-fix.ts): a declared Deny without a Condition refuses whatever the message says.
  const named = denied?.resource ? { resource: denied.resource } : {}
  const refusing = relaxation ? baselinePolicy : currentPolicy
  const edit: Edit = {
    actions,
    list: actions.join(' / '),
    before: grants(baselinePolicy),
    now: grants(currentPolicy),
    explicit:
      /explicit deny/.test(denied?.reason ?? '') ||
      findDenyingStatement(refusing, { actions, unconditional: true, ...named }) !== undefined,
    ...named,
    when: input.editedWhen ?? "in this run's policy",
  }
  return relaxation
    ? relaxationEdit(edit, baselinePolicy, currentPolicy)
    : denialEdit(edit, baselinePolicy, currentPolicy, input)
}

/** What the evaluation says of the two policies for one change. */
interface Edit {
  actions: string[]
  list: string
  /** The baseline's / this run's policy grants the action. */
  before: boolean
  now: boolean
  /** The denial was an explicit Deny's (its message says so, or a declared Deny without a Condition matches). */
  explicit: boolean
  resource?: string
  /** "in this run's policy", or where else the edit happened. */
  when: string
}

const policyChange = (causeText: string): Attribution => ({ cause: 'policy-change', causeText })

function relaxationEdit(edit: Edit, baselinePolicy: object, currentPolicy: object): Attribution | undefined {
  const { before, now, list } = edit
  const removed = denyOnlyIn(baselinePolicy, currentPolicy, edit.actions, edit.resource)
  if (removed && (edit.explicit || (!before && now)))
    return policyChange(`you removed the Deny of ${list} (${removed}) ${edit.when}`)
  if (before || !now) return undefined
  // Granted before on other resources only (EC2 tag-on-create: instance/*, then volume/*): the edit widened it.
  if (edit.resource && grantsSomewhere(baselinePolicy, edit.actions))
    return policyChange(`you widened ${list} ${edit.when} to cover ${edit.resource}`)
  return policyChange(`you added ${list} ${edit.when}`)
}

function denialEdit(
  edit: Edit,
  baselinePolicy: object,
  currentPolicy: object,
  input: CauseInput,
): Attribution | undefined {
  const { before, now, list } = edit
  const added = denyOnlyIn(currentPolicy, baselinePolicy, edit.actions, edit.resource)
  if (added && (edit.explicit || (before && !now))) {
    if (before) return policyChange(`you added a Deny of ${list} (${added}) ${edit.when}`)
    return {
      cause: 'aws-change',
      causeText: `${awsChangeText(input)}; the Deny ${added} your edit added refuses it too`,
    }
  }
  if (!before || now) return undefined
  // Still granted on other resources: "you removed" would send the reader looking for an action that is there.
  if (edit.resource && grantsSomewhere(currentPolicy, edit.actions))
    return policyChange(`you narrowed ${list} ${edit.when}: it no longer covers ${edit.resource}`)
  return policyChange(`you removed ${list} ${edit.when}`)
}

/** Whether an Allow statement of `policy` names one of `actions`, on whatever resource and condition. */
function grantsSomewhere(policy: object, actions: string[]): boolean {
  return statementsOf(policy).some(
    (statement) =>
      statement.Effect === 'Allow' &&
      asList(statement.Action).some((pattern) => actions.some((action) => safeMatchAction(pattern, action))),
  )
}

function safeMatchAction(pattern: string, action: string): boolean {
  try {
    return matchesAction(pattern, action)
  } catch {
    return false
  }
}

/** The label of a Deny statement matching the denial that `policy` has and `other` has not, word for word. */
function denyOnlyIn(
  policy: object,
  other: object,
  actions: string[],
  resource: string | undefined,
): string | undefined {
  const others = new Set(statementsOf(other).map(canonical))
  const statements = statementsOf(policy)
  const denying = findDenyingStatements(policy, { actions, ...(resource ? { resource } : {}) })
  return denying.find((deny) => !others.has(canonical(statements[deny.index])))?.label
}

function resourceOf(input: CauseInput): string {
  const denial = input.change === 'relaxation' ? input.from : input.to
  const named = denial?.kind === 'denied' ? denial.denied?.resource : undefined
  return named ?? input.resourceHint ?? '*'
}

function allows(policy: object, action: string, resource: string, context: Record<string, string> = {}): boolean {
  try {
    return policyAllowsAction(policy as never, action, resource, context)
  } catch {
    // A stored policy the evaluator cannot read explains nothing; the change is then not attributed to it.
    return false
  }
}

const isDocument = (value: unknown): value is object => typeof value === 'object' && value !== null

function awsChangeText(input: CauseInput): string {
  const changed =
    isDocument(input.baselinePolicy) && JSON.stringify(input.baselinePolicy) !== JSON.stringify(input.currentPolicy)
  const known = isDocument(input.baselinePolicy) && isDocument(input.currentPolicy)
  if (!known) return 'AWS changed what this call needs (the baseline run did not store its policy to compare with)'
  return changed
    ? 'AWS changed what this call needs: your policy edit does not explain it'
    : 'AWS changed what this call needs: the declared policy did not change'
}
