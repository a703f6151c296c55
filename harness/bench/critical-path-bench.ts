/**
 * Runs on the critical path (issue #13 item 3): `harness run` against the embedded emulator, for one
 * opt-in region and for every region, timed as a new process, against the shortest wall time the
 * emulator's own durations and AWS's limits allow. The durations come from a running emulator
 * (`GET /_emulator/config`, real-AWS milliseconds) times the run's time scale:
 *
 *   bound = CreateAccount
 *         + max(role: OrganizationAccountAccessRole usable + IAM propagation,
 *               regions: every opt-in region ENABLED and settled, EnableRegion at AWS's 1 request/s and
 *               at most 6 pending per account)
 *         + the scenario steps (per region their recorded durations, regions side by side)
 *         + CloudTrail's delivery delay (the run waits for it before looking up denied calls).
 *
 * Everything else (process start-up, polls that overshoot a wait, API calls around the steps, cleanup,
 * reports) is the run's overhead; the note lists the largest parts, read from the emulator's call audit.
 * The verdict's runs are timed as a user runs them, without that audit (HARNESS_EMULATOR_DUMP makes the
 * run redact and write every call at its very end); one more run writes it, for the split.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { Durations } from '../emulator/core/state.js'
import { MAX_CONCURRENT_REGION_OPTS_PER_ACCOUNT } from '../emulator/services/account/regions.js'
import type { RunRecord } from '../history/types.js'
import { type ProcessFigures, timeNode } from './history-bench.js'

const BIN = fileURLToPath(new URL('../cli/bin.mjs', import.meta.url))
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
/** The run's default (config/resolve.ts), passed explicitly so the bound uses the same. */
export const TIME_SCALE = 0.01
/**
 * Also measured once at a tenth of AWS's durations (one run each: about 70 s and 130 s), as a diagnostic
 * without a verdict. At 0.01 the ap-east-1 bound is 7 s (all regions: 13 s), so the start-up every
 * process pays (about 0.3 s: Node, the CLI's modules, the emulator and the scenario check before
 * CreateAccount) is 4 % of it on its own; at 0.1 the same start-up is under 1 %, and the ratio shows
 * the ordering and the waits, whose cost grows with AWS's durations.
 */
export const AWS_LIKE_TIME_SCALE = 0.1
/** EnableRegion: 1 request per second per account (Account Management API quotas; emulator rate-limit.ts). */
const ENABLE_REGION_PER_PERIOD = 1

export interface BoundParts {
  createMs: number
  roleMs: number
  regionsMs: number
  stepsMs: number
  trailMs: number
}

export interface CriticalPathResult {
  where: string
  /** The emulator's time scale of the run (and of its bound). */
  timeScale: number
  regions: number
  enabledDuringRun: number
  run: ProcessFigures
  boundMs: number
  parts: BoundParts
  /** Where the wall time beyond the bound went, largest first: [what, ms]. */
  overhead: Array<[string, number]>
  /** Each run's wall / bound when this is the median of several runs, in the order they ran. */
  ratios?: number[]
  /**
   * When the runs were timed without the call audit: the wall / bound of the one more run that wrote it,
   * whose split `overhead` is.
   */
  auditedRatio?: number
  /** The scenario check a run does before CreateAccount, done alone (startupFloor): the least start-up any run can have. */
  floor?: StartupFloor
  /** Why this row carries no verdict (the ap-east-1 and all-regions rows at TIME_SCALE are the target's). */
  diagnostic?: string
}

interface AuditCall {
  time: string
  service: string
  operation: string
  region: string
  outcome: string
  principalArn?: string
}

/** When each of `count` opt-in regions is usable, earliest first: EnableRegion paced by the rate and the pending cap. */
export function regionReadyTimes(count: number, durations: Durations, scale: number): number[] {
  const enable = durations.enableRegionMs * scale
  const period = (durations.rateLimitPeriodMs * scale) / ENABLE_REGION_PER_PERIOD
  const finishes: number[] = []
  for (let k = 0; k < count; k++) {
    const freed =
      k >= MAX_CONCURRENT_REGION_OPTS_PER_ACCOUNT ? finishes[k - MAX_CONCURRENT_REGION_OPTS_PER_ACCOUNT]! : 0
    finishes.push(Math.max(k * period, freed) + enable)
  }
  return finishes.map((finish) => finish + durations.regionSettleMs * scale).sort((a, b) => a - b)
}

/**
 * The critical-path bound of a finished run, from the emulator's durations at `scale`. A region's steps
 * run one after another (as harness runs them) once the role and the region are ready; regions run side
 * by side, the opt-in regions with the most step time enabled first (the order that finishes soonest).
 */
export function criticalPathBound(record: RunRecord, durations: Durations, scale: number): BoundParts {
  const stepTime = new Map<string, number>()
  for (const result of record.results) {
    const ms = Date.parse(result.finishedAt) - Date.parse(result.startedAt)
    if (Number.isFinite(ms)) stepTime.set(result.region, (stepTime.get(result.region) ?? 0) + ms)
  }
  const roleMs = (durations.accountAccessDelayMs + durations.iamPropagationMs) * scale
  const timeOf = (region: RunRecord['regions'][number]) => stepTime.get(region.name) ?? 0
  const optIn = record.regions.filter((region) => region.enabledDuringRun).map(timeOf)
  const ready = regionReadyTimes(optIn.length, durations, scale)
  let finish = Math.max(
    0,
    ...record.regions.filter((region) => !region.enabledDuringRun).map((r) => roleMs + timeOf(r)),
  )
  const mostStepsFirst = optIn.sort((a, b) => b - a)
  for (const [i, steps] of mostStepsFirst.entries()) finish = Math.max(finish, Math.max(roleMs, ready[i]!) + steps)
  const regionsMs = ready.at(-1) ?? 0
  return {
    createMs: durations.createAccountMs * scale,
    roleMs,
    regionsMs,
    stepsMs: finish - Math.max(roleMs, regionsMs),
    trailMs: record.trail ? durations.cloudTrailDeliveryMs * scale : 0,
  }
}

export const boundOf = (parts: BoundParts): number =>
  parts.createMs + Math.max(parts.roleMs, parts.regionsMs) + parts.stepsMs + parts.trailMs

/**
 * Where the wall time beyond the bound went, from the call audit: each span between two milestones of the
 * run (CreateAccount sent, creation seen, role and every region seen ready, last step done, CloudTrail
 * looked up, last call, exit) minus the part of the bound it covers. They add up to wall − bound.
 */
export function overheadOf(
  calls: readonly AuditCall[],
  record: RunRecord,
  parts: BoundParts,
  wall: { startedAt: number; endedAt: number },
): Array<[string, number]> {
  const at = (call: AuditCall | undefined) => (call ? Date.parse(call.time) : Number.NaN)
  const last = (test: (call: AuditCall) => boolean) => at(calls.findLast(test))
  const created = at(calls.find((c) => c.operation === 'CreateAccount'))
  const creationSeen = last((c) => c.operation === 'DescribeCreateAccountStatus')
  // The harness role is ready when the account's administrator first assumes it (the bootstrap's probe);
  // later AssumeRole calls in us-east-1 are the steps' own, once a region's steps start.
  const roleSeen = at(
    calls.find(
      (c) =>
        c.operation === 'AssumeRole' &&
        c.outcome === 'success' &&
        c.region === 'us-east-1' &&
        (c.principalArn ?? '').includes(':assumed-role/OrganizationAccountAccessRole/'),
    ),
  )
  const regionsSeen = last((c) => c.operation === 'GetRegionOptStatus')
  // Never before the bound allows (a region's settle delay is waited out, not polled), so no span is negative.
  const readyMs = Math.max(parts.roleMs, parts.regionsMs)
  const ready = Math.max(roleSeen, Number.isNaN(regionsSeen) ? 0 : regionsSeen, creationSeen + readyMs)
  const stepsDone = Math.max(...record.results.map((r) => Date.parse(r.finishedAt)))
  const trailSeen = record.trail ? last((c) => c.operation === 'LookupEvents') : stepsDone
  const lastCall = at(calls.at(-1))
  const spans: Array<[string, number]> = [
    [
      'start-up until CreateAccount (process, input checks incl. loading the scenario files; emulator and target questions alongside)',
      created - wall.startedAt,
    ],
    ['account creation seen after it finished (poll)', creationSeen - created - parts.createMs],
    ['role and regions seen ready after they were (polls, retries)', ready - creationSeen - readyMs],
    [
      'steps done after the bound (scenario set-up, freshness check, regions waiting for a slot)',
      stepsDone - ready - parts.stepsMs,
    ],
    ['CloudTrail looked up after its delivery delay', trailSeen - stepsDone - parts.trailMs],
    ['cleanup (resources, role, account)', lastCall - trailSeen],
    ['after the last call (run record, reports, the call audit this bench reads, exit)', wall.endedAt - lastCall],
  ]
  return spans
    .filter(([, ms]) => Number.isFinite(ms))
    .map(([what, ms]): [string, number] => [what, Math.round(ms)])
    .sort((a, b) => b[1] - a[1])
}

/** The emulator's durations in real-AWS milliseconds, from a running emulator's control API. */
export async function emulatorDurations(): Promise<Durations> {
  const child = spawn(process.execPath, [BIN, 'emulator', 'start', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  try {
    const endpoint = await new Promise<string>((resolve, reject) => {
      let out = ''
      child.stdout.on('data', (chunk) => {
        out += chunk
        const match = /http:\/\/127\.0\.0\.1:\d+/.exec(out)
        if (match) resolve(match[0])
      })
      child.on('error', reject)
      child.on('close', (code) => reject(new Error(`emulator start exited ${code} before it was ready: ${out}`)))
    })
    const response = await fetch(`${endpoint}/_emulator/config`)
    return ((await response.json()) as { durations: Durations }).durations
  } finally {
    child.kill('SIGTERM')
  }
}

/**
 * One `harness run` of the shipped scenarios, with its wall time and the bound from its own record.
 * `audited`: the run also writes the emulator's call audit (HARNESS_EMULATOR_DUMP) for the overhead
 * split, which adds its own work at the very end (redacting and writing every call: tens of ms for all
 * regions); without it the run is timed as a user's, and the split is left empty.
 */
export async function measureCriticalPath(
  region: string,
  durations: Durations,
  timeScale = TIME_SCALE,
  audited = true,
): Promise<CriticalPathResult> {
  const dir = await mkdtemp(join(tmpdir(), 'harness-critical-path-'))
  try {
    const reportsDir = join(dir, 'reports')
    const dump = join(dir, 'emulator.json')
    const args = [BIN, 'run', '--region', region, '--reports-dir', reportsDir, '--time-scale', String(timeScale)]
    const startedAt = Date.now()
    const run = await timeNode(args, ROOT, { ...(audited ? { HARNESS_EMULATOR_DUMP: dump } : {}), CI: 'true' })
    const endedAt = startedAt + run.wallMs
    const [file] = await readdir(join(reportsDir, 'runs'))
    const record = JSON.parse(await readFile(join(reportsDir, 'runs', file!), 'utf8')) as RunRecord
    const { calls } = audited ? (JSON.parse(await readFile(dump, 'utf8')) as { calls: AuditCall[] }) : { calls: [] }
    const parts = criticalPathBound(record, durations, timeScale)
    return {
      where: region === 'all' ? `all ${record.regions.length} regions` : region,
      timeScale,
      regions: record.regions.length,
      enabledDuringRun: record.regions.filter((r) => r.enabledDuringRun).length,
      run,
      boundMs: Math.round(boundOf(parts)),
      parts,
      overhead: audited ? overheadOf(calls, record, parts, { startedAt, endedAt }) : [],
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Runs per case: one run's start-up swings by a few hundred ms on a shared 2-core machine. */
const RUNS_PER_CASE = runsPerCase(process.env.BENCH_CRITICAL_PATH_RUNS)

function runsPerCase(text: string | undefined): number {
  const runs = Number(text ?? 3)
  if (!Number.isInteger(runs) || runs < 1)
    throw new Error(`BENCH_CRITICAL_PATH_RUNS must be a whole number of runs, 1 or more; got '${text}'`)
  return runs
}

/** Why the rows beside the verdict's two carry none. */
export const DIAGNOSTICS = {
  awsLike: `at ${AWS_LIKE_TIME_SCALE} the bound is ${AWS_LIKE_TIME_SCALE / TIME_SCALE}× longer and the fixed start-up is not, so this ratio shows the ordering and the waits, which grow with AWS's durations`,
  standardRegion:
    "a region every account has, where the role (the new account's OrganizationAccountAccessRole, then the harness role's IAM propagation) is the critical path instead of an opt-in, so this ratio shows how closely those waits follow the emulator's durations",
}

export async function measureCriticalPaths(): Promise<CriticalPathResult[]> {
  const durations = await emulatorDurations()
  const floor = await startupFloor()
  const results = [await medianOf('ap-east-1', durations), await medianOf('all', durations)]
  results.push({ ...(await medianOf('us-east-1', durations)), diagnostic: DIAGNOSTICS.standardRegion })
  for (const region of ['ap-east-1', 'all'])
    results.push({
      ...(await measureCriticalPath(region, durations, AWS_LIKE_TIME_SCALE)),
      diagnostic: DIAGNOSTICS.awsLike,
    })
  return results.map((r) => ({ ...r, floor }))
}

export interface StartupFloor {
  ms: number
  /** The scenario files checked: the shipped ones. */
  files: string[]
}

/** The shipped scenarios (scenarios/*.ts): what `harness run` checks by default. */
async function shippedScenarioFiles(): Promise<string[]> {
  const dir = join(ROOT, 'scenarios')
  const files = (await readdir(dir)).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
  return files.sort().map((file) => join(dir, file))
}

/**
 * The part of start-up no run can skip, measured alone: a new Node process whose one thread checks the
 * shipped scenario files as a run's check does before CreateAccount (registers tsx, loads the files with
 * their SDK clients stood in: runtime/contained/check-scenarios.ts), with the compile cache the CLI uses,
 * and nothing else: no CLI, config, policy or emulator. Median of 5.
 */
export async function startupFloor(samples = 5): Promise<StartupFloor> {
  const files = await shippedScenarioFiles()
  const dist = (file: string) => JSON.stringify(pathToFileURL(join(ROOT, 'dist', file)).href)
  const check = `(async () => {
  const { registerTypeScript } = await import(${dist('config/register-typescript.js')})
  let registered
  globalThis[Symbol.for('harness.registerTypeScript')] = () => (registered ??= registerTypeScript())
  const { standInSdkClients } = await import(${dist('config/import-module.js')})
  const { loadScenarioFile } = await import(${dist('runtime/collect.js')})
  standInSdkClients(true)
  for (const file of ${JSON.stringify(files)}) await loadScenarioFile(file)
})()`
  // The thread's failure (an 'error' no one listens to) ends the process with a non-zero code.
  const script = `const { Worker } = require('node:worker_threads')
new Worker(${JSON.stringify(check)}, { eval: true, execArgv: ['--no-experimental-detect-module'] })`
  const env = { NODE_COMPILE_CACHE: join(tmpdir(), 'node-compile-cache') }
  const loaded = async () => {
    const figures = await timeNode(['-e', script], ROOT, env)
    if (figures.exitCode !== 0) throw new Error(`checking ${files.join(', ')} failed (exit ${figures.exitCode})`)
    return figures.wallMs
  }
  await loaded() // fills the compile cache, as the runs before it have
  const walls: number[] = []
  for (let i = 0; i < samples; i++) walls.push(await loaded())
  return { ms: walls.sort((a, b) => a - b)[Math.floor(samples / 2)]!, files }
}

/**
 * The run with the median ratio to its bound, timed as a user's run; `ratios` keeps every run's, in the
 * order they ran. The overhead split comes from one more run that writes the call audit (`audited`).
 */
async function medianOf(region: string, durations: Durations): Promise<CriticalPathResult> {
  const results: CriticalPathResult[] = []
  for (let i = 0; i < RUNS_PER_CASE; i++) results.push(await measureCriticalPath(region, durations, TIME_SCALE, false))
  const audited = await measureCriticalPath(region, durations)
  const ratios = results.map(ratioOf)
  const median = [...results].sort((a, b) => ratioOf(a) - ratioOf(b))[Math.floor(results.length / 2)]!
  return { ...median, ratios, overhead: audited.overhead, auditedRatio: ratioOf(audited) }
}

const ratioOf = (result: Pick<CriticalPathResult, 'run' | 'boundMs'>): number => result.run.wallMs / result.boundMs

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await measureCriticalPaths(), null, 2))
}
