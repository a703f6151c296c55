/**
 * The release gate in words (pure): the one line a release checklist reads, and the warnings beside it.
 * A release manager reads the head first, so it never says "same as the nightly" alone while the
 * nightly has open findings, and the age it gives is the oldest nightly run a step was compared with.
 */
import type { IndexedRun } from './index-file.js'
import type { GateStatus, NightlyFinding, ReleaseGate } from './release-gate.js'

const WORDS: Record<GateStatus, string> = {
  same: 'SAME AS THE NIGHTLY',
  'new-denial': 'NEW DENIAL',
  'new-allow': 'NEW ALLOW',
  inconclusive: 'INCONCLUSIVE',
}

const FINDING_WORDS: Record<NightlyFinding['kind'], string> = {
  regression: 'a regression',
  denial: 'an open denial',
  'unexpected-allow': 'allowed though it must be denied',
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

/** The first three, then how many more. */
function listed<T>(items: T[], say: (item: T) => string): string {
  return items.slice(0, 3).map(say).join('; ') + (items.length > 3 ? `; … ${items.length - 3} more` : '')
}

export function renderGateLine(gate: Omit<ReleaseGate, 'line'>): string {
  const relevant = gate.status === 'same' ? [] : gate.steps.filter((step) => step.status === gate.status)
  const what =
    gate.status === 'same'
      ? `${gate.steps.length} step(s) as the nightly`
      : `${relevant.length} of ${gate.steps.length} step(s): ${listed(relevant, (s) => `${s.step}: ${s.now}${s.reason ? `, ${s.reason}` : ''}`)}`
  const open = gate.nightlyFindings
  const head =
    gate.status === 'same' && open.length > 0
      ? `${WORDS.same}, WHICH HAS ${plural(open.length, 'OPEN FINDING').toUpperCase()}`
      : WORDS[gate.status]
  return ['Release gate:', head, '—', what, ...openPart(open), '—', against(gate)].join(' ')
}

/** The nightly's open findings: those the check saw too, then those it did not run. */
function openPart(findings: NightlyFinding[]): string[] {
  const say = (f: NightlyFinding) => `${f.step}: ${f.nightly}, ${FINDING_WORDS[f.kind]}`
  const here = findings.filter((f) => f.checked)
  const notRun = findings.filter((f) => !f.checked)
  const parts = [
    here.length > 0 ? `open in the nightly and still here: ${listed(here, say)}` : '',
    notRun.length > 0 ? `open in the nightly, not run by this check: ${listed(notRun, say)}` : '',
  ].filter(Boolean)
  return parts.length > 0 ? ['—', parts.join(' — ')] : []
}

function against(gate: Omit<ReleaseGate, 'line'>): string {
  const newest = gate.baselineRun
  if (!newest) return 'vs no nightly run'
  // A replay's nightly is the replays': said, with its emulated day, so it is not read as today's.
  const emulated = newest.emulatorDate ? `emulated ${newest.emulatorDate.slice(0, 10)}, ` : ''
  const stale = gate.stale ? ', STALE' : ''
  const nightly = `vs ${gate.replay ? 'replay ' : ''}nightly ${newest.runId}`
  const oldest = gate.oldestBaselineRun
  if (!oldest) return `${nightly} (${emulated}${formatAge(gate.ageHours ?? 0)} old${stale})`
  const older = gate.steps.filter((step) => step.nightly && step.nightly.runId !== newest.runId).length
  return (
    `${nightly} (${emulated}${formatAge(gate.newestAgeHours ?? 0)} old), ` +
    `${older} step(s) vs older nightly runs, the oldest ${oldest.runId} (${formatAge(gate.ageHours ?? 0)} old${stale})`
  )
}

export interface WarningContext {
  maxBaselineAgeHours: number
  /** The store's runs of the check's history (target, endpoint, clock). */
  comparable: IndexedRun[]
  /** The regions those runs ran. */
  nightlyRegions: string[]
}

export function gateWarnings(gate: Omit<ReleaseGate, 'line'>, context: WarningContext): string[] {
  const warnings: string[] = []
  const max = context.maxBaselineAgeHours
  if (gate.stale && gate.oldestBaselineRun) {
    const staleSteps = gate.steps.filter((step) => step.stale).length
    warnings.push(
      `the oldest nightly run compared with is ${formatAge(gate.ageHours ?? 0)} old (more than ${max}h): ${gate.oldestBaselineRun.runId}, for ${staleSteps} step(s): has the nightly stopped running them?`,
    )
  } else if (gate.stale)
    warnings.push(
      `the nightly run compared with is ${formatAge(gate.ageHours ?? 0)} old (more than ${max}h): has the nightly stopped running?`,
    )
  if (context.comparable.length === 0)
    warnings.push('the history store has no comparable nightly run: nothing was compared')
  else if (gate.regionsNeverRun.length > 0)
    warnings.push(
      `the nightly never ran ${gate.regionsNeverRun.join(', ')}: nothing to compare with there (it ran ${regionList(context.nightlyRegions)})`,
    )
  else if (!gate.baselineRun)
    warnings.push('the nightly has no conclusive outcome for these steps: nothing was compared')
  const notRun = gate.nightlyFindings.filter((f) => !f.checked)
  if (notRun.length > 0)
    warnings.push(
      `this check did not run ${plural(notRun.length, 'step')} the nightly has open in its region(s): passing it says nothing about ${notRun.length === 1 ? 'that one' : 'those'}`,
    )
  return warnings
}

function regionList(regions: string[]): string {
  const sorted = [...regions].sort()
  return sorted.slice(0, 5).join(', ') + (sorted.length > 5 ? ` and ${sorted.length - 5} more` : '')
}

export function formatAge(hours: number): string {
  if (hours < 1) return `${Math.max(0, Math.round(hours * 60))}m`
  if (hours < 48) return `${Math.round(hours)}h`
  return `${Math.round(hours / 24)}d`
}
