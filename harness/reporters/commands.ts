/** `harness diff` and `harness report`, plus the compare-and-report step `harness run` ends with. */
import { existsSync } from 'node:fs'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { HarnessError } from '../errors.js'
import {
  assertComparableBaseline,
  baselinesFromRun,
  isComparable,
  type ResolvedBaselines,
  resolveBaselines,
} from '../history/baseline.js'
import { diffRuns, diffSteps, openRegressionCounts } from '../history/diff.js'
import { compareRefs, type HistoryIndex } from '../history/history-index.js'
import { loadHistoryIndex, readIndexedRecord, writeHistoryIndex } from '../history/index-file.js'
import { indexAnswers, sinceFromIndex } from '../history/index-queries.js'
import { lightHistory, resolveWithIndex } from '../history/indexed-history.js'
import {
  checksDir,
  compareStartedAt,
  listRunRecords,
  readRunRecord,
  runsDir,
  type StoredRun,
  type StoredRunError,
  storedRunPath,
} from '../history/run-record.js'
import type { SinceSource } from '../history/since.js'
import type { DriftReport, RunRecord } from '../history/types.js'
import { UnusableHistoryError } from '../history/unusable-history.js'
import { judgeRun, type VerdictCode } from '../history/verdict.js'
import { shardOf } from '../store/shard-tag.js'
import { renderConsoleSummary } from './console-summary.js'
import { renderDriftJson } from './drift-json.js'
import { renderDriftMarkdown } from './drift-markdown.js'
import type { ReporterName } from './types.js'

export interface CommandIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  color: boolean
}

export type DiffFormat = 'text' | 'json' | 'markdown'

export interface DiffCommandOptions {
  oldRun: string
  newRun: string
  /** When given, runs stored there date each change ("since"). */
  reportsDir?: string
  format?: DiffFormat
}

/** Compares two run files and prints the result; the exit code follows the same contract as `harness run`. */
export async function diffCommand(options: DiffCommandOptions, io: CommandIo): Promise<number> {
  const index = options.reportsDir ? await loadIndex(options.reportsDir, io) : undefined
  const baseline = await readRunFile(options.oldRun, options.reportsDir, index)
  const current = await readRunFile(options.newRun, options.reportsDir, index)
  assertComparableBaseline(options.oldRun, baseline, current, { baseline: options.oldRun, current: options.newRun })
  if (Date.parse(baseline.startedAt) > Date.parse(current.startedAt))
    io.stderr(
      `warning: ${options.oldRun} started after ${options.newRun}: harness diff reads <old-run> <new-run>, so this is the change backwards\n`,
    )
  const since = options.reportsDir && index ? await sinceFor(options.reportsDir, index, current, io) : [baseline]
  const report = diffRuns(baseline, current, since)
  if (!options.reportsDir) undateBeforeBaseline(report, current)
  if (report.baselineRunId === null) report.earlierRuns = { count: 1, latestRunId: baseline.runId }
  const format = options.format ?? 'text'
  if (report.baselineRunId === null && format === 'text') io.stdout(`${nothingInCommon(baseline, current)}\n`)
  io.stdout(renderDiff(report, current, baseline, format, io.color))
  return exitCodeFor(report, current)
}

/**
 * Without --reports-dir only the two runs are read: a change first seen in the newer run is dated by it, but
 * one the older run already showed began then or earlier, so it is left undated (QA: a denial of weeks read
 * "first seen in this run").
 */
function undateBeforeBaseline(report: DriftReport, current: RunRecord): void {
  for (const change of report.changes) {
    if (!change.since || change.since === current.startedAt) continue
    delete change.since
    delete change.sinceEmulatorDate
  }
}

/** Two runs given explicitly that share no conclusive step: "first comparable run" alone would mislead. */
function nothingInCommon(older: RunRecord, newer: RunRecord): string {
  const regions = (run: RunRecord) => run.regions.map((region) => region.name).join(', ') || 'none'
  return (
    `${older.runId} has no conclusive step that ${newer.runId} also ran (its regions: ${regions(older)}; ` +
    `the newer run's: ${regions(newer)}), so every step is compared with nothing.`
  )
}

/** `harness report` found nothing to report on: not a broken file, just no run yet (exit 2). */
export class NoRunRecordsError extends HarnessError {
  /** `checksDir`: where release checks' records are, when there are any (they can be named by id). */
  constructor(
    readonly runsDir: string,
    checksDir?: string,
  ) {
    const hint = checksDir ? `; release checks are in ${checksDir}: pass one's run id` : ''
    super('USAGE', `no run records in ${runsDir}: run \`harness run\` first (or pass a run file)${hint}`)
    this.name = 'NoRunRecordsError'
  }
}

export interface ReportCommandOptions {
  /** A run id or a path to a run file; default: the latest run in the reports directory. */
  run?: string
  reportsDir: string
  /** `--dashboard`: write only dashboard.html. */
  dashboardOnly?: boolean
  /** `--nights`: how many runs the dashboard's timeline shows. */
  nights?: number
}

/** Regenerates drift.json, drift.md, report.html and junit.xml for a run against its baseline. */
export async function reportCommand(options: ReportCommandOptions, io: CommandIo): Promise<number> {
  const index = await loadIndex(options.reportsDir, io)
  const current = await pickRun(options, index)
  const { report, files } = await compareAndReport(
    {
      reportsDir: options.reportsDir,
      current: current.record,
      index,
      ...(options.dashboardOnly ? { reporters: ['dashboard'] as const } : {}),
      ...(options.nights ? { nights: options.nights } : {}),
    },
    io,
  )
  io.stdout(`Reports for run ${report.currentRunId} written:\n${files.map((f) => `  ${f}`).join('\n')}\n`)
  return exitCodeFor(report, current.record)
}

export interface CompareOptions {
  reportsDir: string
  current: RunRecord
  /**
   * Stored runs to choose the baseline from and to date changes with. When omitted, the history index of
   * reportsDir answers (reading only the baselines' records), or the records when it cannot.
   */
  runs?: readonly StoredRun[]
  /** The history index, when the caller already loaded it. */
  index?: HistoryIndex
  /** `--baseline <run-file>` */
  baselineFile?: string
  /** Which reporters to run (default: all of DEFAULT_REPORTERS). */
  reporters?: readonly ReporterName[]
  /** How many runs the dashboard's timeline shows (default 90). */
  nights?: number
}

/** What `harness run` calls after writing its run record: pick the baseline, diff, write every report, print. */
export async function compareAndReport(
  options: CompareOptions,
  io: CommandIo,
): Promise<{ report: DriftReport; baseline: StoredRun | null; files: string[] }> {
  const indexed = options.runs ? undefined : await historyFromIndex(options, io)
  const runs = indexed ? [] : (options.runs ?? (await loadStoredRuns(options.reportsDir, io)))
  const resolved = indexed ?? (await resolveBaselines(options.current, runs, options.baselineFile))
  // A night's run keeps what it did not run open (history/diff.ts); a release check, one shard and a run
  // against a pinned baseline (whose outcomes may be fixed since) do not.
  const carryOpenFindings = !options.current.releaseCheck && !shardOf(options.current) && !options.baselineFile
  const report = diffSteps(resolved.baselines, options.current, indexed?.since ?? resolved.comparable, {
    carryOpenFindings,
  })
  if (report.baselineRunId === null) {
    // A pinned --baseline is the one earlier run whatever its date; else the comparable runs of the history.
    const pinned = resolved.pinned && { count: 1, latestRunId: resolved.pinned.record.runId }
    const earlierRuns = pinned ?? earlierRunsOf(options.current, indexed?.history ?? resolved.comparable)
    if (earlierRuns) report.earlierRuns = earlierRuns
  }
  // Loaded here, not above: `harness diff` prints one report and needs none of the file reporters (the dashboard).
  const { createReporters, DEFAULT_REPORTERS, runReporters } = await import('./index.js')
  const reporters = createReporters(options.reporters ?? DEFAULT_REPORTERS, { stdout: io.stdout, color: io.color })
  const files = await runReporters(reporters, {
    reportsDir: options.reportsDir,
    report,
    current: options.current,
    baseline:
      resolved.pinned?.record ??
      indexed?.records.get(report.baselineRunId ?? '') ??
      latestRun(resolved.comparable, report.baselineRunId),
    history: indexed?.history ?? runs.map((run) => run.record),
    ...(options.nights ? { nights: options.nights } : {}),
  })
  return { report, baseline: resolved.pinned, files }
}

/** Comparable runs before `current` that gave none of its steps a baseline: "first comparable run" would mislead. */
function earlierRunsOf(current: RunRecord, candidates: readonly RunRecord[]): DriftReport['earlierRuns'] {
  const earlier = candidates.filter((run) => isComparable(run, current)).sort(compareStartedAt)
  const latest = earlier.at(-1)
  return latest && { count: earlier.length, latestRunId: latest.runId }
}

interface IndexedHistory extends ResolvedBaselines {
  since: SinceSource
  records: Map<string, RunRecord>
  history: RunRecord[]
}

/** Baselines, "since" and the dashboard's history from the index; undefined when it cannot answer for the run. */
async function historyFromIndex(options: CompareOptions, io: CommandIo): Promise<IndexedHistory | undefined> {
  const index = options.index ?? (await loadIndex(options.reportsDir, io, false))
  const { current } = options
  const history = lightHistory(index, current)
  if (options.baselineFile) {
    const view = indexAnswers(index, current)
    if (!view) return undefined
    const record = await readRunRecord(options.baselineFile)
    assertComparableBaseline(options.baselineFile, record, current)
    const pinned = { path: options.baselineFile, record }
    const since = sinceFromIndex(view, current)
    return { baselines: baselinesFromRun(record), pinned, comparable: [], since, records: new Map(), history }
  }
  const resolved = await resolveWithIndex(options.reportsDir, index, current)
  if (resolved?.indexChanged) await saveIndex(options.reportsDir, index, io)
  return resolved && { ...resolved, pinned: null, comparable: [], history }
}

/** A cache: failing to write it costs the next command time, never a result. */
async function saveIndex(reportsDir: string, index: HistoryIndex, io: CommandIo): Promise<void> {
  await writeHistoryIndex(reportsDir, index).catch((error: Error) =>
    io.stderr(`warning: could not write the history index in ${reportsDir} (${error.message})\n`),
  )
}

/**
 * `harness report` and `diff --reports-dir` refuse a history with unusable run files (exit 2), as `run` does
 * before its account; the end of a run (`strict: false`) warns, its record written and its account used.
 */
async function loadIndex(reportsDir: string, io: CommandIo, strict = true): Promise<HistoryIndex> {
  const { index } = await loadHistoryIndex(reportsDir, (text) => io.stderr(`warning: ${text}`))
  const problems = index.invalid.map((invalid) => invalid.problem)
  if (strict && problems.length > 0) throw new UnusableHistoryError(reportsDir, problems)
  for (const problem of problems) io.stderr(`warning: skipped ${problem}\n`)
  return index
}

/**
 * A run file given by path. One the reports directory's index holds was validated when it was folded in and
 * has not changed since (readIndexedRecord checks), so it is not validated again.
 */
async function readRunFile(path: string, reportsDir?: string, index?: HistoryIndex): Promise<RunRecord> {
  if (reportsDir && index && resolve(dirname(path)) === resolve(runsDir(reportsDir))) {
    const entry = index.runs.find((run) => run.file === basename(path))
    if (entry) return readIndexedRecord(reportsDir, entry)
  }
  return readRunRecord(path)
}

/** "since" for `harness diff --reports-dir`: from the index when it can answer for the newer run. */
async function sinceFor(
  reportsDir: string,
  index: HistoryIndex,
  current: RunRecord,
  io: CommandIo,
): Promise<SinceSource | RunRecord[]> {
  const view = indexAnswers(index, current)
  if (view) return sinceFromIndex(view, current)
  const history = await loadHistory(reportsDir, io)
  return history.filter((run) => run.runId === current.runId || isComparable(run, current))
}

const latestRun = (runs: readonly RunRecord[], runId: string | null): RunRecord | null =>
  runs.find((run) => run.runId === runId) ?? null

/**
 * The exit code of a report on a run: findings (1) first, then infrastructure (3: its cleanup failed, no
 * region became ready), then an incomplete run (4), else 0. A step that
 * regressed stays a finding until it is allowed again, so a nightly job does not turn green on its own.
 */
export const exitCodeFor = (report: DriftReport, current?: RunRecord): VerdictCode =>
  current ? judgeRun(report, current).code : (report.verdict?.code ?? (openRegressionCounts(report).open > 0 ? 1 : 0))

function renderDiff(report: DriftReport, current: RunRecord, baseline: RunRecord, format: DiffFormat, color: boolean) {
  if (format === 'json') return renderDriftJson(report, current)
  if (format === 'markdown') return renderDriftMarkdown(report, current, baseline)
  return renderConsoleSummary(report, { color })
}

async function pickRun(options: ReportCommandOptions, index: HistoryIndex): Promise<StoredRun> {
  if (options.run) {
    const path = looksLikePath(options.run) ? options.run : storedRunPath(options.reportsDir, options.run)
    return { path, record: await readRunFile(path, options.reportsDir, index) }
  }
  const latest = index.runs.reduce<(typeof index.runs)[number] | undefined>(
    (newest, run) => (!newest || compareRefs(newest, run) < 0 ? run : newest),
    undefined,
  )
  if (!latest) {
    const checks = checksDir(options.reportsDir)
    throw new NoRunRecordsError(join(options.reportsDir, 'runs'), existsSync(checks) ? checks : undefined)
  }
  return {
    path: join(runsDir(options.reportsDir), latest.file),
    record: await readIndexedRecord(options.reportsDir, latest),
  }
}

/** A run given on the command line is a file when it looks like one, else a run id in the reports directory. */
export const looksLikePath = (run: string): boolean => run.endsWith('.json') || run.includes('/') || isAbsolute(run)

async function loadStoredRuns(reportsDir: string, io: CommandIo): Promise<StoredRun[]> {
  const listing = await listRunRecords(reportsDir)
  warnInvalid(listing.invalid, io)
  return listing.runs
}

async function loadHistory(reportsDir: string, io: CommandIo): Promise<RunRecord[]> {
  return (await loadStoredRuns(reportsDir, io)).map((run) => run.record)
}

function warnInvalid(invalid: readonly StoredRunError[], io: CommandIo): void {
  for (const error of invalid) io.stderr(`warning: skipped ${error.message}\n`)
}
