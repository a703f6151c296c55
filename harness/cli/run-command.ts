/**
 * `harness run`: config → plan (scenarios × regions) → execute (provision, run, clean up) → run
 * record → per-step baselines and diff → reports → console summary. The exit code follows the contract
 * in history/verdict.ts (0 pass, 1 findings, 4 incomplete) and cli/run-verdict.ts (3 infrastructure).
 */
import { readAccountLedger } from '../accounts/ledger.js'
import { preloadBeforeTypeScript } from '../config/import-module.js'
import { loadConfig } from '../config/load.js'
import type { ResolvedConfig, RunOverrides } from '../config/resolve.js'
import { HarnessError } from '../errors.js'
import { assertComparableBaseline, stepsAllowedInBaseline } from '../history/baseline.js'
import { allowedInBaselineOf } from '../history/indexed-history.js'
import { newRunId } from '../history/run-id.js'
import { readRunRecord } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'
import { readScheduleState } from '../plan/schedule-state.js'
import type { LoadedScenario } from '../runtime/collect.js'
import { ScenarioCheckThread } from '../runtime/contained/check-scenarios.js'
import { type LocalEmulator, loadEmbeddedEmulator } from '../runtime/local-emulator.js'
import { type DeclaredPolicy, readDeclaredPolicy } from '../runtime/policy-file.js'
import { ensureReportsDir } from '../runtime/reports-dir.js'
import { runEndpoint } from '../runtime/run-record.js'
import type { DenialProbes } from '../runtime/scenario-context.js'
import { pullBeforeRun } from '../store/run-sync.js'
import { RUN_HELP } from './help.js'
import { type CliIo, heartbeatIntervalMs, outputStyle } from './io.js'
import { createProgress, type Progress } from './progress.js'
import { parseRunArgs } from './run-args.js'
import { runVerdict } from './run-verdict.js'
import { harnessVersion } from './version.js'

export async function runCommand(args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const parsed = parseRunArgs(args)
  if (parsed.help) {
    io.stdout.write(`${RUN_HELP}\n`)
    return 0
  }
  // Loaded before tsx's hooks exist if a TypeScript config is about to register them
  // (config/import-module.ts): through the hooks they would cost more than the whole run's own work.
  preloadBeforeTypeScript(async () => {
    await Promise.all([loadRunModules(), loadRecordModules()])
    if (!io.env.HARNESS_EMULATOR_ENDPOINT) await loadEmbeddedEmulator()
  })
  // The scenario files are loaded and checked in a scenario thread, started now (check-scenarios.ts).
  const scenarioThread = new ScenarioCheckThread()
  let input: RunInput
  try {
    input = await checkRunInput(parsed, io, scenarioThread)
  } finally {
    scenarioThread.release()
  }
  const { config, policy, scenarios, endpoint, pinned, storeIndex } = input
  // The emulator and SDK clients are used only once the input is known to be good.
  const [{ execute }, { startLocalEmulator, connectExternalEmulator }] = await loadRunModules()
  let recordModules: ReturnType<typeof loadRecordModules> | undefined
  const recordModulesOnce = () => (recordModules ??= loadRecordModules())
  const { color } = outputStyle(io)
  const progress = createProgress((line) => io.stdout.write(line), { color })

  const external = io.env.HARNESS_EMULATOR_ENDPOINT
  const emulator =
    config.target !== 'local'
      ? undefined
      : external
        ? await connectExternalEmulator(external)
        : await startLocalEmulator(config)
  if (emulator?.external)
    progress.info(`Using the harness emulator at ${emulator.endpoint} (HARNESS_EMULATOR_ENDPOINT).`)
  else if (emulator) progress.info(emulatorNotice(config, emulator))
  try {
    const runId = newRunId()
    const startedAt = new Date()
    progress.info(
      `run ${runId}: ${scenarios.length} scenario(s) × ${config.regions.length} region(s) [${config.regions.join(', ')}]`,
    )
    const heartbeatMs = heartbeatIntervalMs(io)
    const denialProbes = await planDenialProbes(config, endpoint, startedAt, pinned)
    const executed = await execute({
      config,
      scenarios,
      policy,
      runId,
      progress,
      signal,
      emulator,
      heartbeatMs,
      denialProbes,
      // A failure to load fails again where they are awaited.
      onAccountRequested: () => void recordModulesOnce().catch(() => undefined),
    })
    if (executed.failure) throw executed.failure
    const [{ reportRun }, { addPredictions, buildRunRecord }, { afterStoredRun }, { runFollowUps }] =
      await recordModulesOnce()
    const built = buildRunRecord({
      runId,
      startedAt,
      finishedAt: new Date(),
      config,
      policy,
      scenarios: scenarios.map((loaded) => loaded.scenario.name),
      harnessVersion: harnessVersion(),
      executed,
      endpoint,
    })
    const record = await addPredictions(built)
    if (parsed.shard) Object.assign(record, { shard: { ...parsed.shard, regions: config.regions } })
    // Blast radius and --verify-fix: their verdicts go into the record and every report; the exit code follows the run.
    Object.assign(
      record,
      await runFollowUps({ config, scenarios, policy, record, progress, signal, emulator, heartbeatMs }),
    )
    const drift = await reportRun({ config, record, progress, write: (text) => io.stdout.write(text), color })
    const verdict = runVerdict(drift, record, executed.cleanupProblems)
    if (verdict.message) io.stderr.write(`harness: ${verdict.message}\n`)
    await afterStoredRun({ config, record, storeIndex, noPush: parsed.noPush, progress, cwd: io.cwd })
    return verdict.code
  } finally {
    if (emulator) await shutDown(emulator, io, progress)
  }
}

interface RunInput {
  config: ResolvedConfig
  policy: DeclaredPolicy
  scenarios: LoadedScenario[]
  endpoint: string
  pinned?: RunRecord
  storeIndex: Awaited<ReturnType<typeof pullBeforeRun>>
}

/**
 * Everything that can be wrong with the input is found before any account is created. The run's own
 * modules load meanwhile: on this thread while the scenario thread loads the scenario files.
 */
async function checkRunInput(
  parsed: ReturnType<typeof parseRunArgs>,
  io: CliIo,
  scenarioThread: ScenarioCheckThread,
): Promise<RunInput> {
  const config = await loadConfig({ cwd: io.cwd, env: io.env, configFile: parsed.configFile, flags: parsed.overrides })
  rejectEmulatorFlagsOnAws(config, parsed.overrides)
  if (parsed.noPush && !config.history)
    throw new HarnessError('USAGE', '--no-push needs a history store (--history or `history` in the config).')
  // Asked first: this thread is busy loading modules next. Awaited after the policy, as errors were always ordered.
  const checking = scenarioThread.check(config.scenarioGlobs, config.scenarioFilters)
  checking.catch(() => undefined)
  // Failures here fail again where the modules are awaited, after the input checks.
  loadRunModules().catch(() => undefined)
  if (config.target === 'local' && !io.env.HARNESS_EMULATOR_ENDPOINT) loadEmbeddedEmulator().catch(() => undefined)
  const policy = await readDeclaredPolicy(config.policyFile)
  const scenarios = await checking
  const endpoint = runEndpoint(config.target, io.env)
  const pinned = config.baselineFile ? await readRunRecord(config.baselineFile) : undefined
  if (pinned && config.baselineFile)
    assertComparableBaseline(config.baselineFile, pinned, { target: config.target, endpoint })
  await ensureReportsDir(config.reportsDir)
  // Pulled before the ledger is read: the store holds the ledger too. An unreachable store stops here.
  const storeIndex = await pullBeforeRun(config, { cwd: io.cwd, info: (line) => io.stdout.write(`${line}\n`) })
  // A corrupt ledger or freshness schedule would otherwise surface only after an account was vended.
  await readAccountLedger(config.reportsDir)
  await readScheduleState(config.reportsDir)
  return { config, policy, scenarios, endpoint, pinned, storeIndex }
}

/** The modules a run needs past input checking, up to CreateAccount (the SDK clients and the emulator among them). */
function loadRunModules() {
  return Promise.all([import('../runtime/execute.js'), import('../runtime/local-emulator.js')])
}

/** What a run needs once its steps are done (run record, reports, history store, follow-ups): loaded while AWS creates the account. */
function loadRecordModules() {
  return Promise.all([
    import('../runtime/report-stage.js'),
    import('../runtime/run-record.js'),
    import('./run-history.js'),
    import('../follow-up/index.js'),
  ])
}

/** Which steps get re-checked when denied (allowed in their baseline), and the waits, on the target's clock. */
async function planDenialProbes(
  config: ResolvedConfig,
  endpoint: string,
  startedAt: Date,
  pinned: RunRecord | undefined,
): Promise<DenialProbes> {
  const planned = (fresh: boolean) => ({
    target: config.target,
    endpoint,
    startedAt: startedAt.toISOString(),
    account: { id: '', createdAt: startedAt.toISOString(), fresh },
  })
  const allowedIn = (fresh: boolean) =>
    pinned
      ? Promise.resolve(stepsAllowedInBaseline(planned(fresh), [], pinned))
      : allowedInBaselineOf(config.reportsDir, planned(fresh))
  // Per-run: a brand-new account. Pool: a step may run fresh or seasoned, so either baseline counts.
  const steps = await allowedIn(true)
  if (config.accounts.strategy === 'pool') for (const key of await allowedIn(false)) steps.add(key)
  const scale = config.target === 'local' ? config.emulator.timeScale : 1
  return { steps, waitsMs: config.denialProbeWaitsSeconds.map((seconds) => seconds * 1000 * scale) }
}

/** Emulator knobs on a real AWS run are a mistake worth stopping for, not something to ignore silently. */
function rejectEmulatorFlagsOnAws(config: ResolvedConfig, flags: RunOverrides): void {
  if (config.target !== 'aws') return
  const names = {
    emulatorDate: '--emulator-date',
    timeScale: '--time-scale',
    timeline: '--timeline',
    faults: '--faults',
  }
  const given = Object.entries(names).filter(([key]) => flags[key as keyof RunOverrides] !== undefined)
  if (given.length === 0) return
  const list = given.map(([, flag]) => flag).join(', ')
  throw new HarnessError('USAGE', `${list} only apply to the embedded emulator, not to --target aws.`)
}

function emulatorNotice(config: ResolvedConfig, emulator: LocalEmulator): string {
  const date = config.emulator.date ? `simulated date ${config.emulator.date}` : 'simulated date today'
  const why = config.targetExplicit ? 'target local' : 'no AWS organization configured'
  return `Using the embedded AWS emulator (${why}) at ${emulator.endpoint}, ${date}, time scale ${config.emulator.timeScale}.`
}

async function shutDown(emulator: LocalEmulator, io: CliIo, progress: Progress): Promise<void> {
  const dumpFile = io.env.HARNESS_EMULATOR_DUMP
  if (dumpFile) {
    await emulator
      .dump(dumpFile)
      .catch((error) => progress.warn(`could not write ${dumpFile}: ${(error as Error).message}`))
  }
  await emulator.stop()
}
