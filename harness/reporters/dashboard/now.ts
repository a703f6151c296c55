/** "Now": regions as rows, steps as columns, each cell in words; clean regions folded, findings first (pure). */
import { stepKey } from '../../history/diff-keys.js'
import type { DriftChange, DriftReport, RunRecord } from '../../history/types.js'
import { CHANGE_LABEL, DISAGREES, outcomeLabel } from '../format.js'
import { type RegionStatus, regionVerdicts } from '../region-verdict.js'
import type { CellTone, Freshness, NowCell, RegionRow, StepColumn } from './types.js'

/** Steps in the order the run recorded them (scenario order, then step order), each once. */
export function stepColumns(current: RunRecord, report: DriftReport): StepColumn[] {
  const seen = new Map<string, StepColumn>()
  const add = (scenario: string, step: string) => {
    const key = `${scenario}\u0000${step}`
    if (!seen.has(key)) seen.set(key, { key, scenario, step })
  }
  for (const r of current.results) add(r.scenario, r.step)
  for (const c of report.changes) add(c.scenario, c.step)
  return [...seen.values()]
}

export const freshnessOf = (run: RunRecord): Freshness => (run.account.fresh ? 'fresh' : 'seasoned')

export function regionRows(
  report: DriftReport,
  columns: readonly StepColumn[],
  freshness: Freshness,
  idOf: (key: string) => string,
): RegionRow[] {
  return regionVerdicts(report).map((verdict) => {
    const byColumn = new Map(verdict.changes.map((c) => [`${c.scenario}\u0000${c.step}`, c]))
    const cells = columns.map((column) => {
      const change = byColumn.get(column.key)
      return change ? cellOf(change, freshness, idOf(stepKey(change))) : undefined
    })
    return {
      region: verdict.region,
      verdict: verdict.text,
      cells,
      clean:
        (verdict.status === 'no-drift' || verdict.status === 'first-run') && cells.every((c) => !c || isCleanCell(c)),
      attention: ACT_ON.has(verdict.status) || cells.some((c) => c !== undefined && !WORTH_A_LOOK_TONES.has(c.tone)),
    }
  })
}

/**
 * A region needs attention for a denial, an unexpected allow or a step it could not judge (a warn cell:
 * throttled, errored, not ready); one whose only changes are a denial gone (RELAXED) or probed out
 * (PROBE OK, an info cell whose region reads inconclusive) is worth a look.
 */
const ACT_ON: ReadonlySet<RegionStatus> = new Set(['regression', 'open-denial', 'unexpected-allow', 'changed-denial'])
const WORTH_A_LOOK_TONES: ReadonlySet<CellTone> = new Set(['good', 'neutral', 'info'])

const CLEAN_TONES: ReadonlySet<CellTone> = new Set(['good', 'neutral'])
const isCleanCell = (cell: NowCell): boolean => CLEAN_TONES.has(cell.tone) && cell.change !== 'relaxation'

/** `31 regions: no drift`, or `34 regions: first run, every step allowed` with no baseline yet. */
export function foldedText(clean: readonly RegionRow[], firstRun: boolean): string {
  const regions = `${clean.length} region${clean.length === 1 ? '' : 's'}`
  return firstRun ? `${regions}: first run, every step allowed` : `${regions}: no drift`
}

interface CellLook {
  label: string
  tone: CellTone
}

function lookOf(change: DriftChange): CellLook {
  if (change.stillDenied) return { label: 'STILL DENIED', tone: 'bad' }
  if (change.transientDenial) return { label: 'PROBE OK', tone: 'info' }
  const to = change.to?.kind
  switch (change.change) {
    case 'regression':
      return { label: 'REGRESSED', tone: 'bad' }
    case 'open-denial':
      return { label: 'DENIED', tone: 'bad' }
    case 'unexpected-allow':
      return { label: 'MUST DENY', tone: 'bad' }
    case 'changed-denial':
      return { label: 'CHANGED', tone: 'warn' }
    case 'inconclusive':
      return { label: 'INCONCL.', tone: 'warn' }
    case 'relaxation':
      return { label: 'RELAXED', tone: 'info' }
    case 'expected-denial':
      return { label: 'DENIED OK', tone: 'neutral' }
    case 'vanished':
      return { label: 'GONE', tone: 'neutral' }
    case 'new':
      return to === 'allowed' ? { label: 'ok (new)', tone: 'good' } : { label: 'NEW', tone: 'warn' }
    default:
      return to === 'allowed' ? { label: 'ok', tone: 'good' } : { label: to ?? 'ok', tone: 'neutral' }
  }
}

/** A still-open regression this night did not see denied: "throttled tonight" (QA: the cell said only STILL DENIED). */
function unseenTonight(change: DriftChange): string | undefined {
  if (!change.stillDenied || change.to?.kind === 'denied') return undefined
  return change.to ? `${change.to.kind} tonight` : 'not run tonight'
}

const CAUSE_WORD: Record<string, string> = { 'aws-change': 'AWS', 'policy-change': 'policy', guardrail: 'guardrail' }

function cellOf(change: DriftChange, freshness: Freshness, id: string): NowCell {
  const { label, tone } = lookOf(change)
  const key = stepKey(change)
  // An open denial has no earlier allowed night to attribute a cause against: say so rather than leave a gap.
  const cause = change.cause ? CAUSE_WORD[change.cause] : change.change === 'open-denial' ? 'no baseline' : undefined
  const status = change.stillDenied ? 'still denied (open regression)' : CHANGE_LABEL[change.change].toLowerCase()
  const description = [
    `${change.region}, ${change.scenario} / ${change.step}: ${status}`,
    `now ${outcomeLabel(change.to)}`,
    change.cause ? `cause ${change.cause}` : undefined,
    change.predictionMismatch ? DISAGREES : undefined,
    `${freshness} account`,
  ]
    .filter(Boolean)
    .join('; ')
  const cell: NowCell = {
    id,
    key,
    scenario: change.scenario,
    step: change.step,
    region: change.region,
    change: change.change,
    stillDenied: change.stillDenied === true,
    label,
    // "≠ docs": the documented rules predicted the other outcome (the signature of an unannounced AWS change).
    detail: [unseenTonight(change), cause, freshness, change.predictionMismatch ? '≠ docs' : undefined]
      .filter(Boolean)
      .join(' · '),
    description,
    tone,
    freshness,
  }
  if (change.cause) cell.cause = change.cause
  return cell
}
