/**
 * History at scale (issue #13 item 1): a generated year of nightly runs (365 × 30 regions × 20 scenarios ×
 * 3 steps, outcomes mostly stable night to night) in a throwaway reports directory, then, each in a new
 * process of the compiled CLI with its wall time, CPU time and peak RSS:
 *  - the first `harness report` (no index yet: it is rebuilt from every record, once),
 *  - `harness report` (every reporter) and `harness diff <prev> <last> --reports-dir` with the index,
 *  - the history stage of a run (write its record, baselines, every report) over the 365 nights and over
 *    only their last 100 (past the dashboard's 90-night window), with the same new run: the same window
 *    and the same current state, so only the length of the history differs (median of 3 by CPU).
 */
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateHistory, type HistoryShape } from '../history/history-fixtures.js'
import { historyIndexPath } from '../history/index-file.js'
import { runRecordPath } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'

const progress = (text: string) => process.stderr.write(`bench: history: ${text}\n`)
const BIN = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url))
const DIST = fileURLToPath(new URL('../../dist/', import.meta.url))
/** Prints the process's own resource use to stderr as it exits: CPU and peak RSS of that process alone. */
const USAGE_HOOK = `data:text/javascript,${encodeURIComponent(
  "import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); writeSync(2, '\\nBENCH_USAGE ' + JSON.stringify({ cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKiB: u.maxRSS }) + '\\n') })",
)}`

export interface ProcessFigures {
  wallMs: number
  cpuMs: number
  maxRssMiB: number
  exitCode: number
}

export interface HistoryScaleResult {
  shape: Required<Pick<HistoryShape, 'nights' | 'regions' | 'scenarios' | 'steps'>>
  recordMiB: number
  firstReport: ProcessFigures
  report: ProcessFigures
  diff: ProcessFigures
  runStage: { small: ProcessFigures; large: ProcessFigures; smallNights: number }
}

/** `node args…` in a new process: wall time, and the CPU time and peak RSS the process reports as it exits. */
export function timeNode(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<ProcessFigures> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(process.execPath, ['--import', USAGE_HOOK, ...args], {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      const wallMs = performance.now() - started
      const usage = /BENCH_USAGE (.*)/.exec(stderr)?.[1]
      if (!usage || (code !== 0 && code !== 1 && code !== 4)) {
        return reject(new Error(`node ${args.join(' ')} exited ${code}: ${stderr.slice(0, 500)}`))
      }
      const { cpuMs, maxRssKiB } = JSON.parse(usage) as { cpuMs: number; maxRssKiB: number }
      resolve({
        wallMs: Math.round(wallMs),
        cpuMs: Math.round(cpuMs),
        maxRssMiB: Math.round(maxRssKiB / 1024),
        exitCode: code,
      })
    })
  })
}

/**
 * Writes the records as harness run does (pretty JSON), one at a time, into `reportsDir` and the last
 * `recentNights` of them into `recentDir` too; returns the last two.
 */
async function writeHistory(
  reportsDir: string,
  shape: HistoryShape,
  recent?: { dir: string; nights: number },
): Promise<{ last: RunRecord[]; bytes: number }> {
  await mkdir(join(reportsDir, 'runs'), { recursive: true })
  if (recent) await mkdir(join(recent.dir, 'runs'), { recursive: true })
  const last: RunRecord[] = []
  let bytes = 0
  let night = 0
  for (const run of generateHistory(shape)) {
    const text = `${JSON.stringify(run, null, 2)}\n`
    bytes += text.length
    await writeFile(runRecordPath(reportsDir, run.runId), text)
    if (recent && night++ >= shape.nights - recent.nights) await writeFile(runRecordPath(recent.dir, run.runId), text)
    last.push(run)
    if (last.length > 2) last.shift()
  }
  return { last, bytes }
}

/** The history stage of `harness run` (runtime/report-stage.ts) for a new run, in its own process. */
function runStageScript(reportsDir: string, recordFile: string): string {
  return `
    import { readFileSync } from 'node:fs'
    import { writeRunRecord } from ${JSON.stringify(join(DIST, 'history/run-record.js'))}
    import { compareAndReport } from ${JSON.stringify(join(DIST, 'reporters/commands.js'))}
    const record = JSON.parse(readFileSync(${JSON.stringify(recordFile)}, 'utf8'))
    await writeRunRecord(${JSON.stringify(reportsDir)}, record)
    await compareAndReport({ reportsDir: ${JSON.stringify(reportsDir)}, current: record }, { stdout() {}, stderr() {}, color: false })
  `
}

/** Tonight's run: the night after the history, generated by the same seeded walk. */
function runAfter(shape: HistoryShape): RunRecord {
  let tonight: RunRecord | undefined
  for (const run of generateHistory({ ...shape, nights: shape.nights + 1 })) tonight = run
  return tonight!
}

/**
 * The history stage of a run over a reports directory whose index is up to date: the median of `samples`
 * runs by CPU time, each from the same state (the new record removed and the index put back after each).
 */
async function measureRunStage(reportsDir: string, shape: HistoryShape, samples = 3): Promise<ProcessFigures> {
  const recordFile = join(reportsDir, '..', `tonight-${basename(reportsDir)}.json`)
  const tonight = runAfter(shape)
  await writeFile(recordFile, JSON.stringify(tonight))
  const index = await readFile(historyIndexPath(reportsDir))
  const figures: ProcessFigures[] = []
  for (let i = 0; i < samples; i++) {
    figures.push(await timeNode(['--input-type=module', '-e', runStageScript(reportsDir, recordFile)], reportsDir))
    await rm(runRecordPath(reportsDir, tonight.runId))
    await writeFile(historyIndexPath(reportsDir), index)
  }
  return figures.sort((a, b) => a.cpuMs - b.cpuMs)[Math.floor(samples / 2)]!
}

export async function measureHistoryScale(
  shape: HistoryScaleResult['shape'] = { nights: 365, regions: 30, scenarios: 20, steps: 3 },
  recentNights = 100,
): Promise<HistoryScaleResult> {
  // A shortened run (BENCH_HISTORY_NIGHTS) still compares a history with a shorter tail of itself.
  const smallNights = Math.min(recentNights, Math.max(1, Math.floor(shape.nights / 2)))
  const root = await mkdtemp(join(tmpdir(), 'harness-history-bench-'))
  const generated = { ...shape, seed: 13, mixClasses: false, partialShare: 0.03, changeRate: 0.002, allowedShare: 0.97 }
  try {
    const reportsDir = join(root, 'reports')
    // The same history's last nights, apart: the same window and the same new run, so only the length differs.
    const smallDir = join(root, 'small')
    const { last, bytes } = await writeHistory(reportsDir, generated, { dir: smallDir, nights: smallNights })
    progress(`${shape.nights} records written (${(bytes / 1024 / 1024).toFixed(0)} MiB); harness report…`)
    const firstReport = await timeNode([BIN, 'report', '--reports-dir', reportsDir], root)
    const report = await timeNode([BIN, 'report', '--reports-dir', reportsDir], root)
    const [previous, latest] = last.map((run) => runRecordPath(reportsDir, run.runId))
    const diff = await timeNode([BIN, 'diff', previous!, latest!, '--reports-dir', reportsDir], root)
    const large = await measureRunStage(reportsDir, generated)
    await timeNode([BIN, 'report', '--reports-dir', smallDir], root) // builds its index, as its last run would have
    const small = await measureRunStage(smallDir, generated)
    return {
      shape,
      recordMiB: Number((bytes / shape.nights / 1024 / 1024).toFixed(2)),
      firstReport,
      report,
      diff,
      runStage: { small, large, smallNights },
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const nights = Number(process.env.BENCH_NIGHTS ?? 365)
  console.log(JSON.stringify(await measureHistoryScale({ nights, regions: 30, scenarios: 20, steps: 3 }), null, 2))
}
