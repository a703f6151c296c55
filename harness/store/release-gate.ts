/**
 * The release gate (pure): each step of this run against the history store's last conclusive outcome
 * for it (the nightly's), summed up in one line for a release checklist. The store's index holds those
 * outcomes per comparability class, so the gate reads one file, not every record.
 */
import { isConclusive } from '../history/baseline.js'
import { isReplay } from '../history/same-history.js'
import type { RunRecord, StepResult } from '../history/types.js'
import { type HistoryIndex, type IndexedRun, type IndexedStep, stepClassKey, stepLabel } from './index-file.js'

export type GateStatus = 'same' | 'new-denial' | 'new-allow' | 'inconclusive'

export interface GateStep {
  step: string
  status: GateStatus
  nightly?: IndexedStep
  now: string
  /** Why a step could not be compared. */
  reason?: string
}

export interface ReleaseGate {
  status: GateStatus
  line: string
  /** The newest nightly run the steps were compared with; absent when the store had none comparable. */
  baselineRun?: Pick<IndexedRun, 'runId' | 'startedAt' | 'finishedAt' | 'emulatorDate'>
  /** The check is a replay, compared with the replays' nightly (history/same-history.ts). */
  replay?: boolean
  ageHours?: number
  /** The baseline is older than releaseGate.maxBaselineAgeHours. */
  stale: boolean
  warning?: string
  steps: GateStep[]
}

const WORDS: Record<GateStatus, string> = {
  same: 'SAME AS THE NIGHTLY',
  'new-denial': 'NEW DENIAL',
  'new-allow': 'NEW ALLOW',
  inconclusive: 'INCONCLUSIVE',
}

/** A new denial decides the gate; then anything not compared; a new allow passes but is worth a look. */
const PRECEDENCE: GateStatus[] = ['new-denial', 'inconclusive', 'new-allow', 'same']

export function compareStep(result: StepResult, nightly: IndexedStep | undefined): GateStep {
  const step = stepLabel(result)
  const denied = result.outcome.kind === 'denied' ? result.outcome.denied : undefined
  const now =
    result.outcome.kind === 'denied'
      ? `denied (${denied?.action ?? denied?.actionCandidates?.join(' or ') ?? 'no action named'})`
      : result.outcome.kind
  if (!isConclusive(result)) return { step, status: 'inconclusive', nightly, now, reason: `${result.outcome.kind} now` }
  if (!nightly)
    return { step, status: 'inconclusive', now, reason: 'the nightly never had a conclusive outcome for it' }
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

export function judgeReleaseGate(
  index: HistoryIndex,
  record: RunRecord,
  now: Date,
  maxBaselineAgeHours: number,
): ReleaseGate {
  const steps = record.results.map((result) =>
    compareStep(result, index.steps[stepClassKey(record, result)]?.[stepLabel(result)]),
  )
  for (const region of record.regions.filter((r) => r.error))
    steps.push({ step: `@ ${region.name}`, status: 'inconclusive', now: 'not run', reason: region.error })
  const status = PRECEDENCE.find((s) => steps.some((step) => step.status === s)) ?? 'inconclusive'
  const baselineRun = newestRun(index, steps)
  const ageHours = baselineRun ? (now.getTime() - Date.parse(baselineRun.finishedAt)) / 3_600_000 : undefined
  const stale = ageHours !== undefined && ageHours > maxBaselineAgeHours
  const gate: ReleaseGate = {
    status,
    line: '',
    baselineRun,
    ageHours,
    stale,
    steps,
    ...(isReplay(record) ? { replay: true } : {}),
  }
  gate.line = renderGateLine(gate)
  if (stale)
    gate.warning = `the nightly run compared with is ${formatAge(ageHours ?? 0)} old (more than ${maxBaselineAgeHours}h): has the nightly stopped running?`
  if (!baselineRun) gate.warning = 'the history store has no comparable nightly run: nothing was compared'
  return gate
}

function newestRun(index: HistoryIndex, steps: GateStep[]): IndexedRun | undefined {
  const ids = new Set(steps.flatMap((step) => (step.nightly ? [step.nightly.runId] : [])))
  return index.runs.filter((run) => ids.has(run.runId)).at(-1)
}

export function renderGateLine(gate: Omit<ReleaseGate, 'line'>): string {
  const count = (status: GateStatus) => gate.steps.filter((step) => step.status === status)
  const detail = (list: GateStep[]) =>
    list
      .slice(0, 3)
      .map((s) => `${s.step}: ${s.now}${s.reason ? `, ${s.reason}` : ''}`)
      .join('; ') + (list.length > 3 ? `; … ${list.length - 3} more` : '')
  const relevant = gate.status === 'same' ? [] : count(gate.status)
  const what =
    gate.status === 'same'
      ? `${gate.steps.length} step(s) as the nightly`
      : `${relevant.length} of ${gate.steps.length} step(s): ${detail(relevant)}`
  // A replay's nightly is the replays': said, with its emulated day, so it is not read as today's.
  const emulated = gate.baselineRun?.emulatorDate ? `emulated ${gate.baselineRun.emulatorDate.slice(0, 10)}, ` : ''
  const against = gate.baselineRun
    ? `vs ${gate.replay ? 'replay ' : ''}nightly ${gate.baselineRun.runId} (${emulated}${formatAge(gate.ageHours ?? 0)} old${gate.stale ? ', STALE' : ''})`
    : 'vs no nightly run'
  return `Release gate: ${WORDS[gate.status]} — ${what} — ${against}`
}

export function formatAge(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))}m`
  if (hours < 48) return `${Math.round(hours)}h`
  return `${Math.round(hours / 24)}d`
}
