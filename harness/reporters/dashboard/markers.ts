/**
 * Marks on the timeline's time axis: the user's policy changes (from the policies stored in run records) and
 * AWS's known dated changes (the emulator's shipped timeline data, a pure data module with no emulator code).
 */
import { AWS_HISTORY } from '../../emulator/timeline/aws-history.js'
import type { TimelineChange } from '../../emulator/timeline/types.js'
import { asList, statementsOf } from '../../history/covering-statement.js'
import type { RunRecord } from '../../history/types.js'
import { day, nightIndexAt } from './nights.js'
import type { AxisMarker, Night } from './types.js'

/** A marker before each night whose declared policy differs from the run before it, naming the actions added/removed. */
export function policyMarkers(runs: readonly RunRecord[], nights: readonly Night[], before?: RunRecord): AxisMarker[] {
  const markers: AxisMarker[] = []
  runs.forEach((run, index) => {
    const previous = index === 0 ? before : runs[index - 1]
    if (!previous || previous.policyHash === run.policyHash) return
    markers.push({ kind: 'policy', night: index, date: nights[index]!.date, text: policyEditText(previous, run) })
  })
  return markers
}

function policyEditText(previous: RunRecord, run: RunRecord): string {
  if (previous.policy === undefined || run.policy === undefined) return 'declared policy changed'
  // Allowed and denied actions apart: `+ecr:TagResource` is an action allowed, `+Deny ecr:TagResource` one denied.
  const effectOf = (statement: { Effect?: unknown }) => (statement.Effect === 'Deny' ? 'Deny' : 'Allow')
  const actions = (policy: unknown, effect: string) =>
    new Set(
      statementsOf(policy)
        .filter((s) => effectOf(s) === effect)
        .flatMap((s) => asList(s.Action)),
    )
  const parts = ['Allow', 'Deny'].flatMap((effect) => {
    const was = actions(previous.policy, effect)
    const now = actions(run.policy, effect)
    const label = (action: string) => (effect === 'Deny' ? `Deny ${action}` : action)
    return [
      ...[...now].filter((a) => !was.has(a)).map((a) => `+${label(a)}`),
      ...[...was].filter((a) => !now.has(a)).map((a) => `−${label(a)}`),
    ]
  })
  return `declared policy changed${parts.length > 0 ? `: ${parts.join(', ')}` : ' (resources or conditions)'}`
}

/**
 * Every dated AWS change in the window, once per distinct date (a staged rollout has several), as it
 * reached `regions` (those shown): another region's rollout date is not on this page's axis.
 */
export function awsMarkers(
  nights: readonly Night[],
  changes: readonly TimelineChange[] = AWS_HISTORY,
  regions?: readonly string[],
): AxisMarker[] {
  return changes.flatMap((change) =>
    datesOf(change, regions).flatMap(({ date, where }) => {
      const night = nightIndexAt(nights, date)
      if (night === undefined) return []
      return [
        { kind: 'aws' as const, night, date: day(date), text: `AWS: ${change.title} (${where}${approx(change)})` },
      ]
    }),
  )
}

/** `logs:CreateLogGroup` for logs/… / CreateLogGroup: the scenario's service and the step, as AWS changes name them. */
export const stepOperation = (where: { scenario: string; step: string }): string =>
  `${where.scenario.split('/')[0]}:${where.step}`

/** The dated AWS changes to any of `operations` (`logs:CreateLogGroup`): those the shown steps can meet. */
export function awsChangesFor(
  operations: readonly string[],
  changes: readonly TimelineChange[] = AWS_HISTORY,
): TimelineChange[] {
  return changes.filter((change) => change.operations.some((op) => operations.some((o) => coversOperation(op, o))))
}

/** The AWS permission changes to one step's operation, at the date they reached that region. */
export function stepAwsMarkers(
  nights: readonly Night[],
  operation: string,
  region: string,
  changes: readonly TimelineChange[] = AWS_HISTORY,
): AxisMarker[] {
  return changes.flatMap((change) => {
    if (change.effect.kind !== 'require-check' || !change.operations.some((op) => coversOperation(op, operation)))
      return []
    const date = dateInRegion(change, region)
    const night = date ? nightIndexAt(nights, date) : undefined
    if (night === undefined || !date) return []
    return [{ kind: 'aws' as const, night, date: day(date), text: `AWS: ${change.title} (${region}${approx(change)})` }]
  })
}

const approx = (change: TimelineChange): string => (change.dateApproximate ? ', date approximate' : '')

function datesOf(change: TimelineChange, shown?: readonly string[]): Array<{ date: string; where: string }> {
  const where = change.where
  if (where === 'all') return [{ date: change.from, where: 'all regions' }]
  if ('regions' in where) {
    const reached = shown ? where.regions.filter((region) => shown.includes(region)) : where.regions
    return reached.length > 0 ? [{ date: change.from, where: reached.join(', ') }] : []
  }
  const named = new Set(where.rollout.map((step) => step.region))
  // `*` is every region the rollout does not name: shown only when a region on the page is one of them.
  const inRest = !shown || shown.some((region) => !named.has(region))
  return where.rollout
    .filter((step) => (step.region === '*' ? inRest : !shown || shown.includes(step.region)))
    .map((step) => ({ date: step.date, where: step.region === '*' ? 'other regions' : step.region }))
}

/** The permissions each built-in tag-on-create check asks for (emulator/timeline/apply.ts BUILT_IN_CHECKS). */
const BUILT_IN_CHECK_ACTIONS: Record<string, readonly string[]> = {
  'logs-tag-on-create': ['logs:TagResource', 'logs:TagLogGroup'],
  'ecr-tag-on-create': ['ecr:TagResource'],
  'ecs-tag-on-create': ['ecs:TagResource'],
}

/** The permissions a change makes its operations ask for. */
function requiredActions(change: TimelineChange): readonly string[] {
  const effect = change.effect
  if (effect.kind !== 'require-check') return []
  return typeof effect.checks === 'string' ? (BUILT_IN_CHECK_ACTIONS[effect.checks] ?? []) : [effect.checks.action]
}

/**
 * The newest dated AWS change that makes `operation` ask for another permission and had reached `region`
 * by `date` (the run's, simulated on a replay): what an `aws-change` regression most likely is. With
 * `deniedActions` (what the denial asked for), only a change asking for one of them (QA: a denial naming
 * ecr:PutLifecyclePolicy was put down to the 2022 ecr:TagResource change).
 */
export function knownAwsChange(
  operation: string,
  region: string,
  date: string,
  changes: readonly TimelineChange[] = AWS_HISTORY,
  deniedActions?: readonly string[],
): { change: TimelineChange; date: string } | undefined {
  const reached = changes.flatMap((change) => {
    if (change.effect.kind !== 'require-check' || !change.operations.some((op) => coversOperation(op, operation)))
      return []
    if (deniedActions && !requiredActions(change).some((action) => deniedActions.includes(action))) return []
    const at = dateInRegion(change, region)
    return at && Date.parse(at) <= Date.parse(date) ? [{ change, date: at }] : []
  })
  return reached.sort((a, b) => Date.parse(a.date) - Date.parse(b.date)).at(-1)
}

/**
 * Whether a rule making `operation` ask for one of `actions` (tag on create) was in force in `region` on
 * `date`, as AWS's dated changes have it: a replay of 2022 is not held to a rule that reached its region
 * later. A rule no dated change introduced is in force on every date.
 */
export function ruleInForce(operation: string, region: string, date: string, actions: readonly string[]): boolean {
  const introducedBy = AWS_HISTORY.filter(
    (change) =>
      change.operations.some((op) => coversOperation(op, operation)) &&
      requiredActions(change).some((action) => actions.includes(action)),
  )
  return introducedBy.length === 0 || knownAwsChange(operation, region, date, introducedBy) !== undefined
}

function dateInRegion(change: TimelineChange, region: string): string | undefined {
  const where = change.where
  if (where === 'all') return change.from
  if ('regions' in where) return where.regions.includes(region) ? change.from : undefined
  return (where.rollout.find((step) => step.region === region) ?? where.rollout.find((step) => step.region === '*'))
    ?.date
}

function coversOperation(pattern: string, operation: string): boolean {
  if (pattern === '*' || pattern === operation) return true
  return pattern.endsWith(':*') && operation.startsWith(pattern.slice(0, -1))
}
