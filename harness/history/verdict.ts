/**
 * The exit-code contract every command and report follows (pure). One verdict per run:
 *   1  findings: any step denied now that the scenario did not declare `expect: 'denied'` — a regression
 *      (new or still denied), a changed denial, an open denial (never allowed: a first run, a new step,
 *      a broken policy) — or an allowed step the scenario declared `expect: 'denied'`;
 *   3  infrastructure, in the record: no region became ready, or the cleanup left something behind
 *      (`cleanupProblems`) — what else stops a run with exit 3 leaves no run to judge;
 *   4  incomplete: a step errored, a scenario recorded no step, a region has no conclusive step, or more
 *      than INCONCLUSIVE_SHARE_LIMIT of the steps are inconclusive — the run cannot vouch for the policy;
 *   0  otherwise. (2 bad input comes from errors, 130 from an interrupt.)
 * The reasons of a lower code are said beside the higher one's: a finding does not hide a failed cleanup.
 */
import { INCONCLUSIVE_KINDS } from '../outcomes/types.js'
import type { DriftReport, RunRecord, StepResult } from './types.js'

export type VerdictCode = 0 | 1 | 3 | 4

/** More than this share of a run's steps inconclusive (throttled, errors, transient denials…) is exit 4. */
export const INCONCLUSIVE_SHARE_LIMIT = 0.5

export interface Verdict {
  code: VerdictCode
  /** Why the code is not 0, one short phrase each (e.g. "2 open regressions", "1 step errored"). */
  reasons: string[]
}

/** What judgeRun reads of a run record. */
export type JudgedRecord = Pick<RunRecord, 'regions' | 'scenarios' | 'results' | 'cleanupProblems'>

export function judgeRun(report: Pick<DriftReport, 'summary' | 'changes'>, record: JudgedRecord): Verdict {
  const findings = findingReasons(report)
  const infrastructure = infrastructureReasons(record)
  const incomplete = incompleteReasons(record)
  // The highest code decides; what the run could not check is said beside it (QA: a 503 went unsaid).
  if (findings.length > 0) return { code: 1, reasons: [...findings, ...infrastructure, ...incomplete] }
  if (infrastructure.length > 0) return { code: 3, reasons: [...infrastructure, ...incomplete] }
  return incomplete.length > 0 ? { code: 4, reasons: incomplete } : { code: 0, reasons: [] }
}

/** A run that tested nothing (no region became ready) proves nothing; a failed cleanup may have left resources or the account. */
function infrastructureReasons(record: JudgedRecord): string[] {
  const regions = record.regions
  const noneReady = regions.length > 0 && regions.every((region) => region.error)
  const problems = record.cleanupProblems?.length ?? 0
  return [
    noneReady ? `no region became ready (${regions.map((region) => region.name).join(', ')})` : '',
    problems > 0 ? `cleanup incomplete (${plural(problems, 'problem')})` : '',
  ].filter(Boolean)
}

function findingReasons(report: Pick<DriftReport, 'summary' | 'changes'>): string[] {
  const stillDenied = report.summary.stillDenied ?? report.changes.filter((c) => c.stillDenied).length
  const open = report.summary.openRegressions ?? report.summary.regressions + stillDenied
  const count = (kind: string) => report.changes.filter((c) => c.change === kind).length
  const openDenials = report.summary.openDenials ?? count('open-denial')
  const unexpected = report.summary.unexpectedAllows ?? count('unexpected-allow')
  const changed = report.summary.changedDenials
  return [
    open > 0 ? plural(open, 'open regression') : '',
    openDenials > 0 ? `${plural(openDenials, 'open denial')} (denied, never allowed before)` : '',
    changed > 0 ? `${plural(changed, 'changed denial')} (still denied, now for another permission)` : '',
    unexpected > 0 ? `${plural(unexpected, 'step')} allowed that must be denied` : '',
  ].filter(Boolean)
}

export const isInconclusiveResult = (result: StepResult): boolean =>
  result.transientDenial === true || INCONCLUSIVE_KINDS.includes(result.outcome.kind)

const isConclusiveResult = (result: StepResult): boolean =>
  !result.transientDenial && (result.outcome.kind === 'allowed' || result.outcome.kind === 'denied')

export function incompleteReasons(record: Pick<RunRecord, 'regions' | 'scenarios' | 'results'>): string[] {
  const reasons: string[] = []
  const errored = record.results.filter((r) => r.outcome.kind === 'error')
  if (errored.length > 0) reasons.push(`${plural(errored.length, 'step')} errored (${stepNames(errored)})`)
  const regions = [...new Set([...record.regions.map((r) => r.name), ...record.results.map((r) => r.region)])]
  const silent = regions.flatMap((region) =>
    record.scenarios
      .filter((scenario) => !record.results.some((r) => r.region === region && r.scenario === scenario))
      .map((scenario) => `${scenario} @ ${region}`),
  )
  if (silent.length > 0) reasons.push(`${plural(silent.length, 'scenario')} recorded no step (${silent.join(', ')})`)
  const empty = regions.filter((region) => !record.results.some((r) => r.region === region && isConclusiveResult(r)))
  if (empty.length > 0) reasons.push(`no conclusive step in ${empty.join(', ')}`)
  const inconclusive = record.results.filter(isInconclusiveResult).length
  if (record.results.length > 0 && inconclusive / record.results.length > INCONCLUSIVE_SHARE_LIMIT)
    reasons.push(
      `${inconclusive} of ${record.results.length} steps inconclusive (more than ${INCONCLUSIVE_SHARE_LIMIT * 100}%)`,
    )
  return reasons
}

function stepNames(results: StepResult[]): string {
  const names = results.slice(0, 3).map((r) => `${r.scenario} / ${r.step} @ ${r.region}`)
  return results.length > 3 ? `${names.join(', ')}, …` : names.join(', ')
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`
