/** Per-step baselines vs current run, per scenario × step × region (pure). Only denials can be drift. */

import { compareText } from '../compare-text.js'
import { INCONCLUSIVE_KINDS, type Outcome } from '../outcomes/types.js'
import { baselinesFromRun, type StepBaseline, type StepBaselines } from './baseline.js'
import { attributeCause } from './cause.js'
import { stepKey } from './diff-keys.js'
import { inScopeOf, openNotRun, uncleanScopesOf, unknownTonight } from './diff-scope.js'
import { runNameToken } from './run-id.js'
import { type Since, type SinceSource, sinceSourceOf } from './since.js'
import { stepFreshness } from './step-freshness.js'
import { allowScope, firstResource, grantsDenied, impliedContext, suggestFix } from './suggest-fix.js'
import type { ChangeKind, DriftChange, DriftReport, FreshnessSummary, RunRecord, StepResult } from './types.js'
import { judgeRun } from './verdict.js'

export { stepKey }

export interface DiffOptions {
  /** Defaults to now; pass a fixed value for reproducible output. */
  generatedAt?: string
  /**
   * The run is one of the history's own (a nightly; not a release check, not one shard of a night, not
   * against a pinned baseline): a step of its regions it did not run (a `--scenario` run) whose last
   * conclusive outcome is a denial stays open in its report, "not run by this run", so such a night never
   * turns green, nor closes the drift issue, while a regression is open. Steps of scenarios no longer in the
   * scenario files are dropped.
   */
  carryOpenFindings?: boolean
}

export function indexResults(run: RunRecord): Map<string, StepResult> {
  return new Map(run.results.map((result) => [stepKey(result), result]))
}

/** One baseline run for every step (`harness diff a b`, `--baseline`). `history` makes `since` true across runs. */
export function diffRuns(
  baseline: RunRecord | null,
  current: RunRecord,
  history: readonly RunRecord[] | SinceSource = [],
  options: DiffOptions = {},
): DriftReport {
  return diffSteps(baseline ? baselinesFromRun(baseline) : new Map(), current, history, options)
}

/**
 * Each step against its own baseline (see baseline.ts); `history` should hold only comparable runs, or be
 * the history index's answer to "since" (index-queries.ts).
 */
export function diffSteps(
  baselines: StepBaselines,
  current: RunRecord,
  history: readonly RunRecord[] | SinceSource = [],
  options: DiffOptions = {},
): DriftReport {
  const since = sinceSourceOf(history)
  const before = inScopeOf(current, baselines)
  const after = indexResults(current)
  const notRun = options.carryOpenFindings ? openNotRun(current, baselines, before) : new Map()
  const keys = [...new Set([...after.keys(), ...before.keys(), ...notRun.keys()])]
  const cutShort = uncleanScopesOf(current)
  const changes = keys.map((key) => {
    const baseline = notRun.get(key) ?? before.get(key)
    const result = after.get(key)
    return describeChange(baseline, result, current, since, unknownTonight(baseline, result, notRun.has(key), cutShort))
  })
  changes.sort(compareChanges)
  const latest = latestBaselineRun(before)
  const report: DriftReport = {
    baselineRunId: latest?.runId ?? null,
    currentRunId: current.runId,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    changes,
    summary: summarize(changes),
    target: current.target,
    currentStartedAt: current.startedAt,
  }
  if (latest) report.baselineStartedAt = latest.startedAt
  const freshness = summarizeFreshness(current, since)
  // Every step of a per-run run is fresh in one new account: only a pool run or a seasoned step has news here.
  if (freshness.strategy === 'pool' || freshness.seasonedSteps > 0) report.freshness = freshness
  report.verdict = judgeRun(report, current)
  return report
}

/** The most recent run any step's baseline came from: what headlines call "the baseline". */
function latestBaselineRun(baselines: Map<string, StepBaseline>): RunRecord | undefined {
  let latest: RunRecord | undefined
  for (const { run } of baselines.values()) {
    if (!latest || Date.parse(run.startedAt) > Date.parse(latest.startedAt)) latest = run
  }
  return latest
}

/**
 * The change of one step, given what the scenario declared: an `expect: 'denied'` step is judged by that
 * alone; a denial that cleared on a probe says nothing; a denial with no conclusive baseline is open.
 */
export function classifyStep(from: Outcome | undefined, to: StepResult | undefined): ChangeKind {
  if (to?.expect === 'denied' && to.outcome.kind === 'allowed') return 'unexpected-allow'
  if (to?.expect === 'denied' && to.outcome.kind === 'denied') return 'expected-denial'
  if (to?.transientDenial) return 'inconclusive'
  const conclusiveFrom = from && (from.kind === 'allowed' || from.kind === 'denied')
  if (to?.outcome.kind === 'denied' && !conclusiveFrom) return 'open-denial'
  return classifyChange(from, to?.outcome)
}

export function classifyChange(from: Outcome | undefined, to: Outcome | undefined): ChangeKind {
  if (!from) return 'new'
  if (!to) return 'vanished'
  if (isInconclusive(from) || isInconclusive(to)) return 'inconclusive'
  if (from.kind === 'skipped' || to.kind === 'skipped') return from.kind === to.kind ? 'unchanged' : 'inconclusive'
  if (from.kind === 'allowed') return to.kind === 'allowed' ? 'unchanged' : 'regression'
  if (to.kind === 'allowed') return 'relaxation'
  return denialIdentity(from) === denialIdentity(to) ? 'unchanged' : 'changed-denial'
}

/** What a denial asks for; two denials asking for the same thing are the same denial. */
export function denialIdentity(outcome: Outcome): string {
  if (outcome.kind !== 'denied') return ''
  const denied = outcome.denied
  return denied?.action ?? denied?.actionCandidates?.join('|') ?? denied?.operation ?? ''
}

const isInconclusive = (outcome: Outcome): boolean => INCONCLUSIVE_KINDS.includes(outcome.kind)

/**
 * The change of one step in the light of its history: a denial never allowed stays an open denial, and an
 * inconclusive night keeps the last conclusive denial open (still denied, or an open denial).
 */
function changeWithHistory(
  baseline: StepBaseline | undefined,
  result: StepResult | undefined,
  current: RunRecord,
  history: SinceSource,
  freshDenial: StepBaseline['freshDenial'],
  unknownWhy: string | undefined,
): { change: ChangeKind; since?: Since; stillDenied?: boolean } {
  const where = (result ?? baseline?.result)!
  if (freshDenial) {
    const open = history.sinceOf('unchanged', where, freshDenial.run)
    return open?.afterAllowed
      ? { change: 'inconclusive', since: open, stillDenied: true }
      : { change: 'open-denial', since: open }
  }
  const unknown = (unknownWhy !== undefined || Boolean(regionFailed(current, where.region))) && !result
  const change = unknown ? 'inconclusive' : classifyStep(baseline?.result.outcome, result)
  const since = history.sinceOf(change, where, current)
  if (change === 'unchanged' && result?.outcome.kind === 'denied') {
    return since?.afterAllowed ? { change, since, stillDenied: true } : { change: 'open-denial', since }
  }
  if (change === 'inconclusive' && baseline?.result.outcome.kind === 'denied' && !result?.transientDenial) {
    const open = history.sinceOf('unchanged', where, baseline.run)
    return open?.afterAllowed ? { change, since: open, stillDenied: true } : { change: 'open-denial', since: open }
  }
  return { change, since }
}

function describeChange(
  baseline: StepBaseline | undefined,
  result: StepResult | undefined,
  current: RunRecord,
  history: SinceSource,
  unknownWhy?: string,
): DriftChange {
  const where = (result ?? baseline?.result)!
  const from = baseline?.result.outcome
  const to = result?.outcome
  const freshDenial = openInFreshAccounts(baseline, result)
  const { change, since, stillDenied } = changeWithHistory(baseline, result, current, history, freshDenial, unknownWhy)
  const drift: DriftChange = { region: where.region, scenario: where.scenario, step: where.step, change }
  if (from) drift.from = from
  if (to) drift.to = to
  if (baseline) {
    const { runId, startedAt, emulatorDate } = baseline.run
    drift.baseline = { runId, startedAt, ...(emulatorDate ? { emulatorDate } : {}) }
  }
  if (result?.transientDenial) drift.transientDenial = true
  if (result) Object.assign(drift, freshnessOf(result, current))
  if (result && baseline) {
    const was = stepFreshness(baseline.result, baseline.run)
    if (was !== stepFreshness(result, current)) drift.baselineFreshness = was === 'fresh' ? 'fresh' : 'seasoned'
  }
  const mismatch = predictionMismatch(result)
  if (mismatch) drift.predictionMismatch = mismatch
  // The denial the fix is for: tonight's, else the one still open (a fresh denial a seasoned night cannot
  // clear, the last conclusive one on an inconclusive night).
  // A step not run tonight (its region failed, a missing shard, not in this run) keeps its last denial's fix.
  const lastDenial = stillDenied || (change === 'open-denial' && !to)
  const open = to?.kind === 'denied' ? to : lastDenial ? (freshDenial?.result.outcome ?? from) : undefined
  if (open?.kind === 'denied') {
    Object.assign(drift, suggestFix(open.denied, where.step, current.policy, runNameToken(current.runId), where.region))
    // Not denied tonight, and the policy grants it now: the fix is in, waiting for a fresh account to confirm it.
    const denied = open.denied
    const policies = { now: current.policy, deniedUnder: (freshDenial?.run ?? baseline?.run)?.policy }
    if (stillDenied && to?.kind !== 'denied' && denied && grantsDenied(denied, where.step, policies, where.region))
      drift.grantedNow = true
  }
  if (change === 'inconclusive')
    drift.inconclusiveReason = freshDenial
      ? `allowed in a seasoned account; fresh accounts denied it when last tested (run ${freshDenial.run.runId})`
      : (unknownWhy ?? inconclusiveReason(from, result, regionFailed(current, where.region)))
  if (since) drift.since = since.startedAt
  if (since?.emulatorDate) drift.sinceEmulatorDate = since.emulatorDate
  if (stillDenied) drift.stillDenied = true
  const attribution = attributeCause({
    change,
    from,
    to,
    baselinePolicy: baseline?.run.policy,
    currentPolicy: current.policy,
    resourceHint: resourceHint(drift, from, to, where.step, baseline?.run.policy),
    context: impliedContext(
      (to?.kind === 'denied' ? to : from?.kind === 'denied' ? from : undefined)?.denied,
      where.step,
      where.region,
    ),
  })
  if (attribution) Object.assign(drift, attribution)
  return drift
}

function freshnessOf(result: StepResult, current: RunRecord): Partial<DriftChange> {
  const seasoned = stepFreshness(result, current) === 'reused'
  if (!seasoned && !result.freshness && !result.accountId) return {}
  return {
    freshness: seasoned ? 'seasoned' : 'fresh',
    ...(seasoned && result.notFresh ? { notFresh: result.notFresh } : {}),
    ...(result.accountId ? { accountId: result.accountId } : {}),
  }
}

function summarizeFreshness(current: RunRecord, history: SinceSource): FreshnessSummary {
  const seasonedSteps = current.results.filter((r) => stepFreshness(r, current) === 'reused').length
  return {
    strategy: current.strategy ?? 'per-run',
    freshSteps: current.results.length - seasonedSteps,
    seasonedSteps,
    lastFreshByRegion: history.lastFreshByRegion(current),
  }
}

/** A conclusive outcome the documented rules did not predict: flagged on every run, first runs included. */
function predictionMismatch(result: StepResult | undefined): DriftChange['predictionMismatch'] {
  const prediction = result?.prediction
  const actual = result?.outcome.kind
  if (!prediction || result.transientDenial || (actual !== 'allowed' && actual !== 'denied')) return undefined
  if (prediction.outcome === actual) return undefined
  // A denial of a permission the policy grants only on some resources may be that scope: not AWS disagreeing.
  // The 2022 Logs wording names candidates ("logs:TagResource or logs:TagLogGroup") rather than one action.
  const denied = result.outcome.kind === 'denied' ? result.outcome.denied : undefined
  const named = [denied?.action, ...(denied?.actionCandidates ?? [])].flatMap((a) => (a ? [a.toLowerCase()] : []))
  if (prediction.scoped?.some((action) => named.includes(action.toLowerCase()))) return undefined
  return { predicted: prediction.outcome, missing: prediction.missing }
}

/**
 * The resource to evaluate a denial with: the suggested statement's, also for a relaxation's old denial; for an
 * explicit Deny, the scope an Allow for it has in the baseline policy.
 */
function resourceHint(
  drift: DriftChange,
  from: Outcome | undefined,
  to: Outcome | undefined,
  step: string,
  baselinePolicy?: unknown,
): string | undefined {
  if (drift.suggestedStatement) return firstResource(drift.suggestedStatement)
  const denial = to?.kind === 'denied' ? to : from?.kind === 'denied' ? from : undefined
  return allowScope(denial?.kind === 'denied' ? denial.denied : undefined, step, baselinePolicy)
}

/**
 * A step allowed tonight in a seasoned account whose last fresh test denied it: the seasoned account says
 * nothing about new accounts (AWS's changes reach accounts that never used the API), so that denial is still
 * open, and the night stays red, until a fresh test allows the step (a pool retests it within its budget).
 */
function openInFreshAccounts(
  baseline: StepBaseline | undefined,
  result: StepResult | undefined,
): StepBaseline['freshDenial'] {
  if (!result || result.expect === 'denied' || result.outcome.kind !== 'allowed') return undefined
  return baseline?.freshDenial
}

/**
 * Why the current run has nothing for a region: a shard that never reported (merge-shards.ts), a region that
 * failed before its steps. Its steps did not vanish; nothing is known about them tonight.
 */
function regionFailed(current: RunRecord, region: string): string | undefined {
  return current.regions.find((entry) => entry.name === region)?.error
}

function inconclusiveReason(from: Outcome | undefined, result: StepResult | undefined, regionError?: string): string {
  if (!result && regionError) return `no result in current run: ${regionError}`
  const to = result?.outcome
  if (result?.transientDenial) return `transient denial: cleared after ${result.probes?.length ?? 0} probe(s)`
  if (to && (isInconclusive(to) || to.kind === 'skipped')) return `${to.kind} in current run`
  return `${from?.kind ?? 'missing'} in baseline run`
}

const CHANGE_ORDER: ChangeKind[] = [
  'regression',
  'open-denial',
  'unexpected-allow',
  'changed-denial',
  'relaxation',
  'inconclusive',
  'expected-denial',
  'new',
  'vanished',
  'unchanged',
]

/** Region, then severity, then scenario and step: the order a reader scans in. */
export function compareChanges(a: DriftChange, b: DriftChange): number {
  return (
    compareText(a.region, b.region) ||
    CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) ||
    compareText(a.scenario, b.scenario) ||
    compareText(a.step, b.step)
  )
}

function summarize(changes: DriftChange[]): DriftReport['summary'] {
  const count = (kind: ChangeKind) => changes.filter((c) => c.change === kind).length
  const stillDenied = changes.filter((c) => c.stillDenied).length
  return {
    regressions: count('regression'),
    relaxations: count('relaxation'),
    changedDenials: count('changed-denial'),
    inconclusive: count('inconclusive'),
    new: count('new'),
    vanished: count('vanished'),
    unchanged: count('unchanged'),
    stillDenied,
    openRegressions: count('regression') + stillDenied,
    openDenials: count('open-denial'),
    unexpectedAllows: count('unexpected-allow'),
    predictionMismatches: changes.filter((c) => c.predictionMismatch).length,
  }
}

/** No baseline because no comparable run came before: not a run whose earlier runs ran none of its steps. */
export const isFirstRun = (report: Pick<DriftReport, 'baselineRunId' | 'earlierRuns'>): boolean =>
  report.baselineRunId === null && !report.earlierRuns

/**
 * Why a report has no baseline, after "No baseline: ": a first run, or earlier comparable runs that have no
 * conclusive outcome for any of its steps (they ran other regions or scenarios).
 */
export function noBaselineReason(report: Pick<DriftReport, 'earlierRuns'>): string {
  const earlier = report.earlierRuns
  if (!earlier) return 'this is the first comparable run'
  if (earlier.count === 1)
    return `the one earlier comparable run (${earlier.latestRunId}) has no conclusive outcome for this run's steps`
  return `none of the ${earlier.count} earlier comparable runs (latest ${earlier.latestRunId}) has a conclusive outcome for this run's steps`
}

/**
 * A step that regressed stays open until it is allowed again, so the exit code and every report count
 * new regressions plus still-denied ones. Falls back to the changes for summaries written without the counts.
 */
export function openRegressionCounts(report: Pick<DriftReport, 'summary' | 'changes'>): {
  open: number
  regressions: number
  stillDenied: number
} {
  const { regressions } = report.summary
  const stillDenied = report.summary.stillDenied ?? report.changes.filter((c) => c.stillDenied).length
  return { open: report.summary.openRegressions ?? regressions + stillDenied, regressions, stillDenied }
}
