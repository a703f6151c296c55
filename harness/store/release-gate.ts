/**
 * The release gate (pure): each step of this run against the history store's last conclusive outcome
 * for it (the nightly's), summed up in one line for a release checklist (release-gate-line.ts). The
 * store's index holds those outcomes per comparability class, so the gate reads one file, not every
 * record. "Same as the nightly" is only good news when the nightly itself is clean: its open findings in
 * the check's regions (the steps the check saw the same, and those it did not run) are said too.
 */

import { compareText } from '../compare-text.js'
import { isConclusive } from '../history/baseline.js'
import { isReplay } from '../history/same-history.js'
import type { RunRecord, StepResult } from '../history/types.js'
import { type HistoryIndex, type IndexedRun, type IndexedStep, stepClassKey, stepLabel } from './index-file.js'
import { gateWarnings, renderGateLine } from './release-gate-line.js'

export type GateStatus = 'same' | 'new-denial' | 'new-allow' | 'inconclusive'

export interface GateStep {
  step: string
  status: GateStatus
  nightly?: IndexedStep
  now: string
  /** Why a step could not be compared. */
  reason?: string
  /** Compared with a nightly run older than releaseGate.maxBaselineAgeHours. */
  stale?: true
}

export type NightlyFindingKind = 'regression' | 'denial' | 'unexpected-allow'

/** A finding still open in the nightly, in one of the check's regions. */
export interface NightlyFinding {
  step: string
  kind: NightlyFindingKind
  /** The nightly's outcome, as the gate's steps say theirs: `denied (logs:PutRetentionPolicy)`. */
  nightly: string
  runId: string
  /** The check ran the step and saw the same; false: the check did not run it (--scenario, a region not ready). */
  checked: boolean
}

type RunSummary = Pick<IndexedRun, 'runId' | 'startedAt' | 'finishedAt' | 'emulatorDate'>

export interface ReleaseGate {
  status: GateStatus
  line: string
  /** The newest nightly run the steps were compared with; absent when the store had none comparable. */
  baselineRun?: RunSummary
  /** The oldest nightly run a step was compared with, when it is not the newest. */
  oldestBaselineRun?: RunSummary
  /** The check is a replay, compared with the replays' nightly (history/same-history.ts). */
  replay?: boolean
  /** The age of the oldest nightly run compared with: what `stale` is about. */
  ageHours?: number
  newestAgeHours?: number
  /** A step was compared with a nightly run older than releaseGate.maxBaselineAgeHours. */
  stale: boolean
  /** Regions of the check that no comparable nightly run ever ran. */
  regionsNeverRun: string[]
  nightlyFindings: NightlyFinding[]
  warning?: string
  steps: GateStep[]
}

/** A new denial decides the gate; then anything not compared; a new allow passes but is worth a look. */
const PRECEDENCE: GateStatus[] = ['new-denial', 'inconclusive', 'new-allow', 'same']

const describeOutcome = (kind: string, action: string | undefined) =>
  kind === 'denied' ? `denied (${action ?? 'no action named'})` : kind

export function compareStep(result: StepResult, nightly: IndexedStep | undefined, neverRun = false): GateStep {
  const step = stepLabel(result)
  const denied = result.outcome.kind === 'denied' ? result.outcome.denied : undefined
  const now = describeOutcome(result.outcome.kind, denied?.action ?? denied?.actionCandidates?.join(' or '))
  if (!isConclusive(result)) return { step, status: 'inconclusive', nightly, now, reason: `${result.outcome.kind} now` }
  if (!nightly)
    return {
      step,
      status: 'inconclusive',
      now,
      reason: neverRun ? `the nightly never ran ${result.region}` : 'the nightly never had a conclusive outcome for it',
    }
  const kind = result.outcome.kind
  if (nightly.kind === 'allowed') return { step, status: kind === 'allowed' ? 'same' : 'new-denial', nightly, now }
  if (kind === 'allowed') return { step, status: 'new-allow', nightly, now }
  const action = result.outcome.kind === 'denied' ? result.outcome.denied?.action : undefined
  const changed = Boolean(action && nightly.action && action !== nightly.action)
  return {
    step,
    status: changed ? 'new-denial' : 'same',
    nightly,
    now,
    reason: changed ? 'denied for another permission' : undefined,
  }
}

/** Whether the nightly's last outcome for a step is a finding (an expected denial is not). */
export function nightlyFindingOf(step: IndexedStep): NightlyFindingKind | undefined {
  if (step.kind === 'denied' && step.expect !== 'denied') return step.lastAllowedRunId ? 'regression' : 'denial'
  if (step.kind === 'allowed' && step.expect === 'denied') return 'unexpected-allow'
  return undefined
}

export function judgeReleaseGate(
  index: HistoryIndex,
  record: RunRecord,
  now: Date,
  maxBaselineAgeHours: number,
): ReleaseGate {
  const comparable = index.runs.filter(
    (run) =>
      run.target === record.target &&
      run.endpoint === record.endpoint &&
      Boolean(run.emulatorDate) === isReplay(record),
  )
  const nightlyRegions = new Set(comparable.flatMap((run) => run.regions))
  const regionsNeverRun =
    comparable.length === 0 ? [] : record.regions.map((r) => r.name).filter((r) => !nightlyRegions.has(r))
  const steps = record.results.map((result) =>
    compareStep(
      result,
      index.steps[stepClassKey(record, result)]?.[stepLabel(result)],
      regionsNeverRun.includes(result.region),
    ),
  )
  for (const region of record.regions.filter((r) => r.error))
    steps.push({ step: `@ ${region.name}`, status: 'inconclusive', now: 'not run', reason: region.error })
  const status = PRECEDENCE.find((s) => steps.some((step) => step.status === s)) ?? 'inconclusive'
  const ageOf = (run: IndexedRun) => (now.getTime() - Date.parse(run.finishedAt)) / 3_600_000
  const compared = comparedRuns(index, steps)
  for (const step of steps) {
    const run = compared.find((r) => r.runId === step.nightly?.runId)
    if (run && ageOf(run) > maxBaselineAgeHours) step.stale = true
  }
  const [oldest, newest] = [compared[0], compared.at(-1)]
  const ageHours = oldest ? ageOf(oldest) : undefined
  const gate: ReleaseGate = {
    status,
    line: '',
    baselineRun: newest && summary(newest),
    ...(oldest && oldest !== newest ? { oldestBaselineRun: summary(oldest) } : {}),
    ageHours,
    newestAgeHours: newest ? ageOf(newest) : undefined,
    stale: ageHours !== undefined && ageHours > maxBaselineAgeHours,
    regionsNeverRun,
    nightlyFindings: nightlyFindings(index, record, steps),
    steps,
    ...(isReplay(record) ? { replay: true } : {}),
  }
  gate.line = renderGateLine(gate)
  const warnings = gateWarnings(gate, { maxBaselineAgeHours, comparable, nightlyRegions: [...nightlyRegions] })
  if (warnings.length > 0) gate.warning = warnings.join('; ')
  return gate
}

const summary = ({ runId, startedAt, finishedAt, emulatorDate }: IndexedRun): RunSummary => ({
  runId,
  startedAt,
  finishedAt,
  ...(emulatorDate ? { emulatorDate } : {}),
})

/** The nightly runs the steps were compared with, oldest first (the index keeps runs in start order). */
function comparedRuns(index: HistoryIndex, steps: GateStep[]): IndexedRun[] {
  const ids = new Set(steps.flatMap((step) => (step.nightly ? [step.nightly.runId] : [])))
  return index.runs.filter((run) => ids.has(run.runId))
}

/**
 * The nightly's open findings in the check's regions and comparability classes: the steps the check saw
 * the same (still open: the check does not clear them) and the steps it did not run.
 */
function nightlyFindings(index: HistoryIndex, record: RunRecord, steps: GateStep[]): NightlyFinding[] {
  const findings: NightlyFinding[] = []
  const add = (step: string, nightly: IndexedStep, checked: boolean) => {
    const kind = nightlyFindingOf(nightly)
    if (kind)
      findings.push({
        step,
        kind,
        nightly: describeOutcome(nightly.kind, nightly.action),
        runId: nightly.runId,
        checked,
      })
  }
  for (const step of steps) if (step.status === 'same' && step.nightly) add(step.step, step.nightly, true)
  // Every freshness class of the check's history: a region whose steps never ran has no class of its own here.
  const history = `${record.target} ${record.endpoint}${isReplay(record) ? ' replay' : ''}`
  const seen = new Set(record.results.map(stepLabel))
  const regions = record.regions.map((region) => ` @ ${region.name}`)
  for (const [key, classSteps] of Object.entries(index.steps)) {
    if (key.slice(0, key.lastIndexOf(' ')) !== history) continue
    for (const [label, nightly] of Object.entries(classSteps).sort(([a], [b]) => compareText(a, b))) {
      if (seen.has(label) || !regions.some((region) => label.endsWith(region))) continue
      seen.add(label)
      add(label, nightly, false)
    }
  }
  return findings
}
