/** From the history to everything the page shows (pure): Now, Timeline, Fix and each cell's drill-down. */

import { compareText } from '../../compare-text.js'
import { isFirstRun } from '../../history/diff.js'
import { stepKey } from '../../history/diff-keys.js'
import { withOpenCauses } from '../../history/open-cause.js'
import { windowOf } from '../../history/run-window.js'
import type { DriftChange, DriftReport, RunRecord } from '../../history/types.js'
import { verdictText } from '../format.js'
import { type DrillDown, deniedSpreadOf, drillDown } from './drill.js'
import { type FixModel, fixModel } from './fix.js'
import { awsChangesFor, awsMarkers, policyMarkers, stepOperation } from './markers.js'
import { DEFAULT_NIGHTS, nightOf } from './nights.js'
import { foldedText, freshnessOf, regionRows, stepColumns } from './now.js'
import { buildStrips, isTelling, mergeByRegion } from './strips.js'
import type { AxisMarker, CellTone, Night, NowCell, RegionRow, StepColumn, Strip } from './types.js'

export interface DashboardInput {
  report: DriftReport
  current: RunRecord
  /** Stored runs (any order; other targets and endpoints are left out). */
  history: readonly RunRecord[]
  /** How many runs the timeline shows (default 90). */
  nights?: number
}

export interface DashboardModel {
  runId: string
  startedAt: string
  emulatorDate?: string
  target: RunRecord['target']
  endpoint?: string
  verdict: string
  firstRun: boolean
  columns: StepColumn[]
  rows: RegionRow[]
  cleanRows: RegionRow[]
  folded: string
  nights: Night[]
  /** Runs in the store before the window (the timeline shows only the last N). */
  olderRuns: number
  axis: AxisMarker[]
  strips: Strip[]
  /** Step × region pairs allowed on every night shown (not drawn one by one). */
  quietStrips: number
  fix: FixModel
  drill: Record<string, DrillDown>
  cellIds: Map<string, string>
}

const TONE_RANK: Record<CellTone, number> = { bad: 0, warn: 1, info: 2, neutral: 3, good: 4 }

export function buildDashboard(input: DashboardInput): DashboardModel {
  const { current } = input
  const all = windowOf(current, input.history, Number.MAX_SAFE_INTEGER)
  const runs = all.slice(-(input.nights ?? DEFAULT_NIGHTS))
  const comparableCount = all.length
  const report = { ...input.report, changes: withOpenCauses(input.report.changes, current, all) }
  const nights = runs.map(nightOf)
  const columns = stepColumns(current, report)
  const cellIds = new Map(report.changes.map((change, index) => [stepKey(change), `c${index}`]))
  const rows = regionRows(report, columns, freshnessOf(current), (key) => cellIds.get(key)!)
  const cells = new Map(
    rows.flatMap((row) => row.cells.filter((c): c is NowCell => c !== undefined)).map((c) => [c.key, c]),
  )
  // Keys in the current run's order, so the position fast path in alignRuns hits.
  const strips = buildStrips(stripKeys(current, report.changes), runs, nights)
  const stripByKey = new Map(strips.map((strip) => [strip.key, strip]))
  const before = all[all.length - runs.length - 1]
  const model: DashboardModel = {
    runId: current.runId,
    startedAt: current.startedAt,
    target: current.target,
    endpoint: current.endpoint,
    verdict: verdictText(report.verdict) ?? 'not computed',
    firstRun: isFirstRun(report),
    columns,
    rows: rows.filter((row) => !row.clean),
    cleanRows: rows.filter((row) => row.clean),
    folded: '',
    nights,
    olderRuns: comparableCount - runs.length,
    axis: [
      ...policyMarkers(runs, nights, before),
      // Only the AWS changes the steps shown can meet, where they are: a Logs change means nothing on an
      // ECR-only dashboard, nor its rollout to af-south-1 on an ap-east-1 one.
      ...awsMarkers(nights, awsChangesFor(strips.map(stepOperation)), [...new Set(strips.map((s) => s.region))]),
    ].sort((a, b) => a.night - b.night || compareText(a.date, b.date)),
    strips: [
      ...sortStrips(
        strips.filter((s) => s.eventful && shownAlone(s, cells)),
        cells,
        rows,
      ),
      ...mergeByRegion(
        strips.filter((s) => s.eventful && !shownAlone(s, cells)),
        nights,
      ),
    ],
    quietStrips: strips.filter((s) => !s.eventful).length,
    fix: fixModel(report, current, strips, nights, comparableCount > runs.length),
    drill: drillDowns(report.changes, current, cells, stripByKey, nights),
    cellIds,
  }
  if (current.emulatorDate) model.emulatorDate = current.emulatorDate
  model.folded = foldedText(model.cleanRows, model.firstRun)
  return model
}

/** Every step key of the report, the current run's results first and in their order. */
function stripKeys(current: RunRecord, changes: readonly DriftChange[]): DriftChange[] {
  const order = new Map(current.results.map((result, index) => [stepKey(result), index]))
  const rank = (change: DriftChange) => order.get(stepKey(change)) ?? Number.MAX_SAFE_INTEGER
  return [...changes].sort((a, b) => rank(a) - rank(b))
}

/** A strip drawn on its own line: it shows a denial or a probe, or its cell is a finding now. */
const shownAlone = (strip: Strip, cells: Map<string, NowCell>): boolean =>
  isTelling(strip) || TONE_RANK[cells.get(strip.key)?.tone ?? 'good'] <= TONE_RANK.info

/** Findings first (by how bad, then the region order of Now, then step order), then the rest. */
function sortStrips(strips: Strip[], cells: Map<string, NowCell>, rows: readonly RegionRow[]): Strip[] {
  const regionOrder = new Map(rows.map((row, index) => [row.region, index]))
  const rank = (strip: Strip) => TONE_RANK[cells.get(strip.key)?.tone ?? 'good']
  return strips.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (regionOrder.get(a.region) ?? 0) - (regionOrder.get(b.region) ?? 0) ||
      compareText(a.scenario, b.scenario) ||
      compareText(a.step, b.step),
  )
}

function drillDowns(
  changes: readonly DriftChange[],
  current: RunRecord,
  cells: Map<string, NowCell>,
  strips: Map<string, Strip>,
  nights: readonly Night[],
): Record<string, DrillDown> {
  const results = new Map(current.results.map((r) => [stepKey(r), r]))
  const spread = deniedSpreadOf(changes)
  const drills: Record<string, DrillDown> = {}
  for (const change of changes) {
    const key = stepKey(change)
    const cell = cells.get(key)
    if (!cell) continue
    drills[cell.id] = drillDown(cell, change, current, results.get(key), strips.get(key), nights, spread)
  }
  return drills
}
