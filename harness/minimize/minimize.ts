/**
 * From a policy that works to a least one: (1) one probe with the input records which actions the steps were
 * checked for; (2) one probe confirms every other action can go at once (if not, the audit missed a check: the
 * input's other actions are ablated first, the checked ones kept); (3) the checked ones are ablated in
 * batches (ablate.ts); (4) actions granted on `*` are narrowed to what the steps touched, re-running to confirm,
 * one narrowing at a time when the batch fails; (5) the result is linted against the catalogue's resource types.
 */

import { compareText } from '../compare-text.js'
import { HarnessError } from '../errors.js'
import { expandActions, parsePolicy } from '../policy/index.js'
import { lintResourceTypes, type ResourceLintFinding } from '../policy/resource-lint.js'
import {
  canonicalAction,
  matchingResourceTypes,
  resourceTypesOf,
  typeHasResourceTagKey,
} from '../policy/resource-types.js'
import { RUN_TAG_KEYS } from '../runtime/execute.js'
import { type AblationResult, ablateActions, type Evidence } from './ablate.js'
import { type PolicySummary, summarizeChanges } from './diff.js'
import { impliedChecks } from './implied-checks.js'
import { applyNarrowings, type Narrowing, proposeNarrowings, withDeniedResources } from './narrow.js'
import {
  asList,
  type PolicyDocument,
  restrictStatements,
  restrictToActions,
  statementCovers,
} from './policy-document.js'
import type { Probe, ProbeCheck, ProbeResult } from './probe.js'

export interface MinimizeResult {
  policy: PolicyDocument
  diff: PolicySummary
  evidence: Evidence[]
  /** Narrowings a re-run did not confirm: those actions keep the input's resources. */
  rejectedNarrowings: Narrowing[]
  lint: ResourceLintFinding[]
  probes: number
}

export interface MinimizeInput {
  input: PolicyDocument
  source: string
  probe: Probe
  onProgress?: (text: string) => void
  /**
   * 'emulator' (default): checks come from the emulator's authorization audit, complete with resources.
   * 'calls' (real AWS): AWS records no checks, so they are the ones the steps' recorded calls imply by the
   * emulator's operation definitions (implied-checks.ts), plus actions denials name; every narrowing from them
   * is confirmed by a probe like any other, and one a probe rejects keeps the input's resources.
   */
  checks?: 'emulator' | 'calls'
}

/** On real AWS, how many times a denial may name an action the steps' calls did not (tag-on-create and the like). */
const MAX_LEARNED_ROUNDS = 3

export async function minimizePolicy({
  input,
  source,
  probe,
  onProgress = () => {},
  checks = 'emulator',
}: MinimizeInput): Promise<MinimizeResult> {
  let probes = 0
  let expectedSteps: Set<string> | undefined
  // A probe passes only if every step the input ran ran again and was allowed: a step that vanished is no pass.
  const run = async (policy: PolicyDocument) => {
    probes++
    const result = await probe(policy)
    const steps = new Set(result.results.map(stepKey))
    const complete = !expectedSteps || [...expectedSteps].every((key) => steps.has(key))
    return complete ? result : { ...result, ok: false }
  }
  onProgress('probe 1: the input policy, to record which actions the steps are checked for')
  const baseline = await run(input)
  expectedSteps = new Set(baseline.results.map(stepKey))
  if (!baseline.ok)
    throw new HarnessError(
      'POLICY_INVALID',
      `${source}: minimize needs a policy under which every step passes; ${failures(baseline)}.`,
    )
  const candidates = await checkedActions(input, baseline.checks)
  onProgress(`${candidates.length} action(s) checked: ${candidates.join(', ')}; dropping every other action at once`)
  let confirmed = await run(restrictToActions(input, candidates))
  const learnedChecks: ProbeCheck[] = []
  for (let round = 0; !confirmed.ok && checks === 'calls' && round < MAX_LEARNED_ROUNDS; round++) {
    const learned = await deniedActions(input, confirmed, candidates)
    if (learned.length === 0) break
    onProgress(`a denial named ${learned.join(', ')}, which no call made: keeping it too`)
    candidates.push(...learned)
    learnedChecks.push(...(await checksOfLearned(confirmed, learned)))
    confirmed = await run(restrictToActions(input, candidates))
  }
  // Unaudited actions a step needs, found with every audited one kept (so none is judged by a failure path).
  let unaudited: AblationResult | undefined
  if (!confirmed.ok && checks === 'emulator') {
    // A check made inside another call's handler can be missing from the audit (GetFunction's lambda:ListTags,
    // which decides whether its Tags come back): the input's other actions are then ablated first, with the
    // audited ones kept, and those a step needs stay for the rest of the search.
    const others = await unauditedActions(input, candidates)
    if (others.length > 0) {
      onProgress(
        `a step failed with only the audited actions: ablating the ${others.length} the audit never recorded (${others.join(', ')})`,
      )
      const withAll = await run(restrictToActions(input, [...candidates, ...others]))
      confirmed = withAll
      if (withAll.ok) {
        unaudited = await ablateActions(others, (kept) => run(restrictToActions(input, [...candidates, ...kept])))
        confirmed = unaudited.lastPassing ?? withAll
      }
    }
  }
  const needed = unaudited?.kept ?? []
  if (!confirmed.ok)
    throw new HarnessError(
      checks === 'calls' ? 'POLICY_INVALID' : 'EMULATOR_FAILED',
      checks === 'calls'
        ? `Keeping only the actions the steps called, and those AWS's denials named, still broke a step (${failures(confirmed)}); the input policy is kept as is.`
        : `Keeping only the actions the steps were checked for broke a step (${failures(confirmed)}): the emulator's call audit is incomplete.`,
    )
  const audited = await ablateActions(candidates, async (actions) => {
    onProgress(`probe: ${actions.length} action(s)`)
    return run(restrictToActions(input, [...actions, ...needed]))
  })
  const ablation = {
    kept: [...audited.kept, ...needed].sort(),
    evidence: [...audited.evidence, ...(unaudited?.evidence ?? [])],
    lastPassing: audited.lastPassing,
  }
  const restricted = restrictStatements(input, ablation.kept)
  const ablated = { Version: input.Version, Statement: restricted.map(({ statement }) => statement) }
  const passing = ablation.lastPassing ?? confirmed
  const reference = { ...passing, checks: [...passing.checks, ...learnedChecks] }
  const { policy, accepted, rejected } = await narrowResources(ablated, reference, run, onProgress)
  const lint = [
    ...(await lintDocument(input, `${source} `)),
    ...(await lintDocument(policy, '')),
    ...(await touchedMismatches(reference.checks, ablation.kept)),
  ]
  return {
    policy: withUniqueSids(policy),
    diff: summarizeChanges(input, restricted, accepted),
    evidence: ablation.evidence.sort((a, b) => compareText(a.action, b.action)),
    rejectedNarrowings: rejected,
    lint,
    probes,
  }
}

const stepKey = (result: ProbeResult['results'][number]) =>
  `${result.scenario}\u0000${result.step}\u0000${result.region}`

function failures(result: ProbeResult): string {
  const failed = result.results.filter((r) => r.outcome.kind !== 'allowed')
  if (result.results.length === 0) return 'no step ran'
  return failed.map((r) => `${r.scenario} / ${r.step} @ ${r.region}: ${r.outcome.kind}`).join('; ')
}

/** Actions the steps were allowed for and the input grants, spelled as the catalogue does, sorted. */
async function checkedActions(input: PolicyDocument, checks: ProbeCheck[]): Promise<string[]> {
  const allowed = checks.filter((check) => check.decision === 'Allowed')
  const actions = new Set<string>()
  for (const check of allowed) {
    const action = await canonicalAction(check.action)
    if (input.Statement.some((s) => s.Effect === 'Allow' && statementCovers(s, action))) actions.add(action)
  }
  return [...actions].sort()
}

/** Past this many actions a pattern of the input is not written out as candidates (a policy has a size quota). */
const MAX_EXPANDED_PATTERN = 200

/** The input's Allow actions (patterns written out by the catalogue) not among the candidates, sorted. */
async function unauditedActions(input: PolicyDocument, candidates: string[]): Promise<string[]> {
  const patterns = input.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => asList(s.Action))
  const actions = new Set<string>()
  for (const pattern of patterns) {
    const expanded = /[*?]/.test(pattern) ? await expandActions(pattern) : [pattern]
    if (expanded.length > MAX_EXPANDED_PATTERN) continue
    for (const action of expanded) actions.add(await canonicalAction(action))
  }
  const known = new Set(candidates.map((action) => action.toLowerCase()))
  return [...actions].filter((action) => !known.has(action.toLowerCase())).sort()
}

/** Actions the failed probe's denials name that the input grants and the candidates lack. */
async function deniedActions(input: PolicyDocument, result: ProbeResult, candidates: string[]): Promise<string[]> {
  const named = result.results.flatMap((r) => {
    if (r.outcome.kind !== 'denied') return []
    const denied = r.outcome.denied
    return denied?.action ? [denied.action] : (denied?.actionCandidates ?? [])
  })
  const learned = new Set<string>()
  for (const name of named) {
    const action = await canonicalAction(name)
    const granted = input.Statement.some((s) => s.Effect === 'Allow' && statementCovers(s, action))
    if (granted && !candidates.includes(action)) learned.add(action)
  }
  return [...learned].sort()
}

/**
 * Real AWS: an action a denial named is checked on the resource the denial names when it names one (an ARN),
 * else, as for tag-on-create, on what the denied call was authorized on; a probe still confirms any narrowing.
 */
async function checksOfLearned(result: ProbeResult, learned: string[]): Promise<ProbeCheck[]> {
  const perResult = result.results.map(async (r) => {
    if (r.outcome.kind !== 'denied') return []
    const denied = r.outcome.denied
    const names = (denied?.action ? [denied.action] : (denied?.actionCandidates ?? [])).map((a) => a.toLowerCase())
    const actions = learned.filter((action) => names.includes(action.toLowerCase()))
    // The denied call is the step's last (a denial ends the step).
    const deniedCall = (r.calls ?? []).at(-1)?.action.split(':')[1] ?? r.step
    const resources = denied?.resource?.startsWith('arn:')
      ? [{ resource: denied.resource, operation: deniedCall }]
      : (
          await Promise.all((r.calls ?? []).map((call) => impliedChecks(call.action, r.region, r.accountId ?? '')))
        ).flat()
    return resources.flatMap(({ resource, operation }) =>
      actions.map((action) => ({ action, resource, operation, region: r.region, decision: 'Allowed' as const })),
    )
  })
  return (await Promise.all(perResult)).flat()
}

async function narrowResources(
  policy: PolicyDocument,
  reference: ProbeResult,
  run: Probe,
  onProgress: (text: string) => void,
): Promise<{ policy: PolicyDocument; accepted: Narrowing[]; rejected: Narrowing[] }> {
  const proposals = proposeNarrowings(policy, reference.checks, reference.nameToken, {
    managedTag: { key: RUN_TAG_KEYS.managedBy, value: 'harness' },
    resourceTagDocumented: await resourceTagDocumented(reference.checks),
  })
  if (proposals.length === 0) return { policy, accepted: [], rejected: [] }
  onProgress(`narrowing ${proposals.length} action(s) from * to what the steps touched`)
  const all = applyNarrowings(policy, proposals)
  if ((await run(all)).ok) return { policy: all, accepted: proposals, rejected: [] }
  // One at a time: keep each narrowing a re-run confirms.
  const accepted: Narrowing[] = []
  const rejected: Narrowing[] = []
  for (const proposal of proposals) {
    const confirmed = await confirmNarrowing(policy, accepted, proposal, run)
    if (confirmed) accepted.push(confirmed)
    else rejected.push(proposal)
  }
  return { policy: applyNarrowings(policy, accepted), accepted, rejected }
}

/** How many times a narrowing may take in a resource its own denial named (EC2 names one resource per denial). */
const MAX_NAMED_RESOURCE_ROUNDS = 2

/** The narrowing (widened by the resources its denials named, if need be) a re-run confirms, or undefined. */
async function confirmNarrowing(
  policy: PolicyDocument,
  accepted: Narrowing[],
  proposal: Narrowing,
  run: Probe,
): Promise<Narrowing | undefined> {
  let current = proposal
  for (let round = 0; ; round++) {
    const result = await run(applyNarrowings(policy, [...accepted, current]))
    if (result.ok) return current
    const widened = round < MAX_NAMED_RESOURCE_ROUNDS ? withDeniedResources(current, result) : undefined
    if (!widened) return undefined
    current = widened
  }
}

/** Actions whose touched resources' catalogued types list aws:ResourceTag/${TagKey} as a condition key. */
async function resourceTagDocumented(checks: ProbeCheck[]): Promise<Set<string>> {
  const documented = new Set<string>()
  for (const check of checks) {
    if (!check.resourceTags) continue
    const action = await canonicalAction(check.action)
    const types = (await resourceTypesOf(action)) ?? []
    const fitting = types.filter((type) => matchingResourceTypes(check.resource, [type]).length > 0)
    for (const type of fitting) {
      if (await typeHasResourceTagKey(action, type.name)) documented.add(action)
    }
  }
  return documented
}

/** Resources AWS checked that fit no catalogued resource type of the action (seed 002's EKS `/createaddon`). */
async function touchedMismatches(checks: ProbeCheck[], kept: string[]): Promise<ResourceLintFinding[]> {
  const findings: ResourceLintFinding[] = []
  const seen = new Set<string>()
  for (const check of checks) {
    const action = await canonicalAction(check.action)
    const key = `${action} ${check.resource}`
    if (!kept.includes(action) || seen.has(key) || !check.resource.startsWith('arn:')) continue
    seen.add(key)
    const types = await resourceTypesOf(action)
    if (!types || types.length === 0 || matchingResourceTypes(check.resource, types).length > 0) continue
    findings.push({
      path: `checked resource of ${action}`,
      severity: 'warning',
      message: `AWS checked ${action} on ${check.resource}, which matches no resource type of the action in the IAM catalogue: a policy scoped to the catalogue's ARN formats will not grant it`,
    })
  }
  return findings
}

/** Catalogue lint of a policy document; `prefix` names the input's findings apart from the result's. */
async function lintDocument(document: PolicyDocument, prefix: string): Promise<ResourceLintFinding[]> {
  const parsed = parsePolicy(JSON.stringify(document), 'identity').policy
  if (!parsed) return []
  return (await lintResourceTypes(parsed)).map((finding) => ({ ...finding, path: `${prefix}${finding.path}` }))
}

function withUniqueSids(policy: PolicyDocument): PolicyDocument {
  const used = new Map<string, number>()
  return {
    Version: policy.Version,
    Statement: policy.Statement.map((statement) => {
      if (!statement.Sid) return statement
      const count = (used.get(statement.Sid) ?? 0) + 1
      used.set(statement.Sid, count)
      return count === 1 ? statement : { ...statement, Sid: `${statement.Sid}${count}` }
    }),
  }
}
