/**
 * `npm run bench`: every target of issue #13 with its measured figure and met / not met, as a
 * markdown table on stdout. `npm run bench -- --write` also writes it to harness/bench/RESULTS.md;
 * `--skip-suite` leaves out the test-suite run (minutes of CPU) while iterating on the bench; `--skip-runs`
 * leaves out the critical-path runs (one region and every region);
 * `--only emulator` measures only the emulator's rows (paging, audit memory, moto, authorization);
 * `--only runs` only the critical-path runs; `--only moto` only the five emulator-vs-moto rows.
 * Environment knobs: BENCH_REQUESTS (per operation vs moto, default 2000), BENCH_AUDIT_CALLS
 * (default 1,000,000), BENCH_LOG_GROUPS (default 50,000), BENCH_HISTORY_NIGHTS (default 365).
 */
import { writeFile } from 'node:fs/promises'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { setup as ensureBuilt } from '../e2e/global-setup.js'
import { benchmarkEvaluator } from '../policy/benchmark.js'
import { runAuthzBench } from './authz-bench.js'
import { measureCriticalPaths } from './critical-path-bench.js'
import { measureHistoryScale } from './history-bench.js'
import { compareWithMotoInOwnProcess } from './moto-compare.js'
import { auditMemoryInOwnProcess, pageLogGroupsInOwnProcess } from './scale-bench.js'
import { measureStartup } from './startup-bench.js'
import { measureSuite } from './suite-bench.js'
import { allRows, criticalPathRows, type Measurements, motoRows, type Row } from './targets.js'

const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url))
const KNOWN_FLAGS = ['--write', '--skip-suite', '--skip-runs', '--only']
/** `--only <group>`: the rows of one group, for iterating on one part (never with --write). */
const ONLY_GROUPS = ['emulator', 'runs', 'moto'] as const
type OnlyGroup = (typeof ONLY_GROUPS)[number]

function numberFromEnv(name: string, fallback: number): number {
  const value = process.env[name]
  if (value === undefined) return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`${name} must be a positive integer, got '${value}'`)
  return number
}

const progress = (text: string) => process.stderr.write(`bench: ${text}\n`)

async function measureRows(skipSuite: boolean, skipRuns: boolean, only: OnlyGroup | undefined): Promise<Row[]> {
  ensureBuilt() // the CLI and the emulator process run compiled dist/
  if (only === 'moto') return motoRows(await measureMoto())
  if (only !== 'runs') return allRows(await measureAll(skipSuite, skipRuns, only))
  progress('critical path: harness run, one region and every region…')
  return criticalPathRows(await measureCriticalPaths())
}

async function measureAll(skipSuite: boolean, skipRuns: boolean, only: OnlyGroup | undefined): Promise<Measurements> {
  const everything = only === undefined
  return { ...(everything ? await measureOthers(skipSuite, skipRuns) : {}), ...(await measureEmulator()) }
}

async function measureOthers(
  skipSuite: boolean,
  skipRuns: boolean,
): Promise<Pick<Measurements, 'history' | 'criticalPaths' | 'suite' | 'startup'>> {
  progress('history at scale (a year of generated runs)…')
  const history = await measureHistoryScale({
    nights: numberFromEnv('BENCH_HISTORY_NIGHTS', 365),
    regions: 30,
    scenarios: 20,
    steps: 3,
  })
  progress('critical path: harness run, one region and every region…')
  const criticalPaths = skipRuns ? undefined : await measureCriticalPaths()
  progress('test suite…')
  const suite = skipSuite ? undefined : await measureSuite()
  progress('cold starts…')
  const startup = await measureStartup()
  return { history, criticalPaths, suite, startup }
}

async function measureEmulator(): Promise<Omit<Measurements, 'history' | 'criticalPaths' | 'suite' | 'startup'>> {
  progress('paging log groups…')
  const paging = await pageLogGroupsInOwnProcess(numberFromEnv('BENCH_LOG_GROUPS', 50_000))
  progress('audit memory…')
  const audit = await auditMemoryInOwnProcess(numberFromEnv('BENCH_AUDIT_CALLS', 1_000_000))
  const moto = await measureMoto()
  const evaluatorDecisionsPerSecond = benchmarkEvaluator(50_000).decisionsPerSecond
  const authz = await runAuthzBench()
  return { paging, audit, moto, evaluatorDecisionsPerSecond, authz }
}

function measureMoto() {
  progress('emulator vs moto…')
  return compareWithMotoInOwnProcess(numberFromEnv('BENCH_REQUESTS', 2_000))
}

function renderMarkdown(rows: Row[]): string {
  const cpus = os.cpus()
  const header = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench -- --write\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version},`,
    `${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0]?.toFixed(1)} when it finished.`,
    'Verdicts use the figure the target names (wall time where it says so) as measured here, even when the',
    'machine is shared; CPU figures beside them show how much of the wall time was waiting for a core.',
    'Server CPU is read from the server process (Linux /proc), never mixed with the client in the same process.',
    'The machine may be shared with other work while the bench runs: the load average above says how busy it was.',
    'moto_server (werkzeug) answers every request with `connection: close`, so each of its requests opens a connection.',
    '',
    '| item | metric | figure | target | verdict | note |',
    '|---|---|---|---|---|---|',
  ]
  const cell = (text: string | undefined) => (text ?? '').replaceAll('|', '\\|')
  const lines = rows.map(
    (r) =>
      `| ${r.item} | ${cell(r.metric)} | ${cell(r.figure)} | ${cell(r.goal)} | ${r.verdict ?? ''} | ${cell(r.note)} |`,
  )
  return [...header, ...lines, ''].join('\n')
}

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`)
  process.exit(2)
}

const flags = process.argv.slice(2)
const onlyAt = flags.indexOf('--only')
const only = onlyAt < 0 ? undefined : flags[onlyAt + 1]
if (onlyAt >= 0) flags.splice(onlyAt, 2)
const unknown = flags.filter((flag) => !KNOWN_FLAGS.includes(flag))
if (unknown.length > 0) fail(`unknown flag ${unknown.join(', ')}; supported: ${KNOWN_FLAGS.join(', ')}`)
if (onlyAt >= 0 && !ONLY_GROUPS.includes(only as OnlyGroup))
  fail(`--only needs one of: ${ONLY_GROUPS.join(', ')}; got ${only === undefined ? 'nothing' : `'${only}'`}`)
if (only !== undefined && flags.includes('--write'))
  fail('--only measures part of the table; RESULTS.md is written only from a full run (drop --only or --write)')
const markdown = renderMarkdown(
  await measureRows(flags.includes('--skip-suite'), flags.includes('--skip-runs'), only as OnlyGroup),
)
process.stdout.write(markdown)
if (flags.includes('--write')) {
  await writeFile(RESULTS_FILE, markdown)
  process.stdout.write(`\nwritten to ${RESULTS_FILE}\n`)
}
