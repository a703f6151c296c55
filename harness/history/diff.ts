/** Baseline run vs current run, per scenario × step × region (pure). Only denials can be drift. */
import { INCONCLUSIVE_KINDS, type Outcome } from '../outcomes/types.js'
import { sinceOf } from './since.js'
import { suggestFix } from './suggest-fix.js'
import type { ChangeKind, DriftChange, DriftReport, RunRecord, StepResult } from './types.js'

export interface DiffOptions {
  /** Defaults to now; pass a fixed value for reproducible output. */
  generatedAt?: string
}

export const stepKey = (r: Pick<StepResult, 'scenario' | 'step' | 'region'>): string =>
  `${r.scenario}\u0000${r.step}\u0000${r.region}`

export function indexResults(run: RunRecord): Map<string, StepResult> {
  return new Map(run.results.map((result) => [stepKey(result), result]))
}

/** `history` (any order, may include baseline and current) makes `since` true across many runs. */
export function diffRuns(
  baseline: RunRecord | null,
  current: RunRecord,
  history: readonly RunRecord[] = [],
  options: DiffOptions = {},
): DriftReport {
  const before = baseline ? inScopeOf(current, indexResults(baseline)) : new Map<string, StepResult>()
  const after = indexResults(current)
  const keys = [...new Set([...after.keys(), ...before.keys()])]
  const changes = keys.map((key) => {
    const from = before.get(key)
    const to = after.get(key)
    return describeChange((to ?? from)!, from?.outcome, to?.outcome, current, history)
  })
  changes.sort(compareChanges)
  const report: DriftReport = {
    baselineRunId: baseline?.runId ?? null,
    currentRunId: current.runId,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    changes,
    summary: summarize(changes),
    target: current.target,
    currentStartedAt: current.startedAt,
  }
  if (baseline) report.baselineStartedAt = baseline.startedAt
  return report
}

/**
 * Baseline steps in regions or scenarios the current run did not ask for are out of scope, not vanished:
 * `harness run --region ap-east-1` after a full run must not list every other region as vanished.
 */
function inScopeOf(current: RunRecord, baseline: Map<string, StepResult>): Map<string, StepResult> {
  const regions = new Set([...current.regions.map((r) => r.name), ...current.results.map((r) => r.region)])
  const scenarios = new Set([...current.scenarios, ...current.results.map((r) => r.scenario)])
  return new Map([...baseline].filter(([, r]) => regions.has(r.region) && scenarios.has(r.scenario)))
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

function describeChange(
  where: StepResult,
  from: Outcome | undefined,
  to: Outcome | undefined,
  current: RunRecord,
  history: readonly RunRecord[],
): DriftChange {
  const change = classifyChange(from, to)
  const drift: DriftChange = { region: where.region, scenario: where.scenario, step: where.step, change }
  if (from) drift.from = from
  if (to) drift.to = to
  if (to?.kind === 'denied') Object.assign(drift, suggestFix(to.denied, where.step))
  if (change === 'inconclusive') drift.inconclusiveReason = inconclusiveReason(from, to)
  const since = sinceOf(change, where, current, history)
  if (since) drift.since = since.startedAt
  if (change === 'unchanged' && to?.kind === 'denied' && since?.afterAllowed) drift.stillDenied = true
  return drift
}

function inconclusiveReason(from: Outcome | undefined, to: Outcome | undefined): string {
  if (to && (isInconclusive(to) || to.kind === 'skipped')) return `${to.kind} in current run`
  return `${from?.kind ?? 'missing'} in baseline run`
}

const CHANGE_ORDER: ChangeKind[] = [
  'regression',
  'changed-denial',
  'relaxation',
  'inconclusive',
  'new',
  'vanished',
  'unchanged',
]

/** Region, then severity, then scenario and step: the order a reader scans in. */
export function compareChanges(a: DriftChange, b: DriftChange): number {
  return (
    a.region.localeCompare(b.region) ||
    CHANGE_ORDER.indexOf(a.change) - CHANGE_ORDER.indexOf(b.change) ||
    a.scenario.localeCompare(b.scenario) ||
    a.step.localeCompare(b.step)
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
  }
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
