/**
 * `harness run`: config → plan (scenarios × regions) → execute (provision, run, clean up) → run
 * record → per-step baselines and diff → reports → console summary. The exit code follows the contract
 * in history/verdict.ts (0 pass, 1 findings, 4 incomplete) and cli/run-verdict.ts (3 infrastructure).
 */
import { preloadBeforeTypeScript } from '../config/import-module.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { newRunId } from '../history/run-id.js'
import { UnusableHistoryError } from '../history/unusable-history.js'
import { redactSecrets } from '../outcomes/redact.js'
import { ScenarioCheckThread } from '../runtime/contained/check-scenarios.js'
import type { TargetAhead } from '../runtime/execute.js'
import { untilInterrupted } from '../runtime/interrupt.js'
import { type LocalEmulator, loadEmbeddedEmulator } from '../runtime/local-emulator.js'
import { isReleaseCheck, joinsHistory } from '../store/release-check.js'
import { RUN_HELP } from './help.js'
import { type CliIo, heartbeatIntervalMs, inCi, outputStyle } from './io.js'
import { createProgress, type Progress } from './progress.js'
import { forgetReleaseGateBeforeConfig } from './release-gate-file.js'
import { parseRunArgs } from './run-args.js'
import type { RunInput } from './run-input.js'
import { exitAfterStoreFailure, runVerdict } from './run-verdict.js'
import { harnessVersion } from './version.js'

export async function runCommand(args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  let parsed: ReturnType<typeof parseRunArgs>
  try {
    parsed = parseRunArgs(args)
  } catch (error) {
    await forgetReleaseGateBeforeConfig(args, io)
    throw error
  }
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
  // Before the input checks' own modules (zod among them) load, so the thread boots meanwhile.
  const scenarioThread = new ScenarioCheckThread()
  let checks: typeof import('./run-input.js')
  let input: RunInput
  let ahead: Ahead | undefined
  try {
    checks = await import('./run-input.js')
    input = await checks.checkRunInput(parsed, io, scenarioThread, (config) => {
      ahead = startAhead(config, io.env)
    })
  } catch (error) {
    // Once the config is known checkRunInput has removed it; before, it is looked for here.
    if (!ahead) await forgetReleaseGateBeforeConfig(args, io)
    await ahead?.abandon()
    throw error
  } finally {
    scenarioThread.release()
  }
  const { config, policy, scenarios, endpoint, pinned, storeIndex } = input
  const [{ execute }] = await loadRunModules()
  let recordModules: ReturnType<typeof loadRecordModules> | undefined
  const recordModulesOnce = () => (recordModules ??= loadRecordModules())
  const { color } = outputStyle(io)
  const progress = createProgress((line) => io.stdout.write(line), { color })

  const emulator = await ahead!.emulator
  if (emulator?.external)
    progress.info(`Using the harness emulator at ${emulator.endpoint} (HARNESS_EMULATOR_ENDPOINT).`)
  else if (emulator) progress.info(emulatorNotice(config, emulator))
  try {
    const runId = newRunId()
    const startedAt = new Date()
    // The history index is read while the target answers. A target that cannot be used (unreachable, no
    // usable credentials) stops the run here, before it is announced, once that read is over too.
    const unusable = new Set<string>()
    const [connected, probed] = await Promise.allSettled([
      untilInterrupted(signal, ahead!.target),
      checks.probedStepsOf(config, { endpoint, emulator }, startedAt, pinned, (problems) => {
        for (const problem of problems) unusable.add(problem)
      }),
    ])
    if (connected.status === 'rejected') throw connected.reason
    if (probed.status === 'rejected') throw probed.reason
    const probedSteps = probed.value
    // Before any account exists.
    if (unusable.size > 0) throw new UnusableHistoryError(config.reportsDir, [...unusable])
    progress.info(
      `run ${runId}: ${scenarios.length} scenario(s) × ${config.regions.length} region(s) [${config.regions.join(', ')}]`,
    )
    const heartbeatMs = heartbeatIntervalMs(io)
    const joins = joinsHistory(parsed.push, Boolean(parsed.shard), inCi(io.env))
    const releaseCheck = isReleaseCheck({ hasStore: Boolean(config.history), joins, shard: Boolean(parsed.shard) })
    const executed = await execute({
      config,
      scenarios,
      policy,
      runId,
      progress,
      signal,
      emulator,
      heartbeatMs,
      probedSteps,
      ahead: ahead!.target,
      releaseCheck,
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
      emulator,
    })
    const record = await addPredictions(built)
    if (parsed.shard) Object.assign(record, { shard: { ...parsed.shard, regions: config.regions } })
    if (releaseCheck) record.releaseCheck = true
    if (input.suiteScenarios) record.suiteScenarios = input.suiteScenarios
    // Kept with the run, so its reports and a later `harness report` give the exit 3 the run gives.
    if (executed.cleanupProblems.length > 0)
      record.cleanupProblems = executed.cleanupProblems.map((problem) => redactSecrets(problem))
    // Blast radius and --verify-fix: their verdicts go into the record and every report; the exit code follows the run.
    Object.assign(
      record,
      await runFollowUps({ config, scenarios, policy, record, progress, signal, emulator, heartbeatMs }),
    )
    const drift = await reportRun({
      config,
      record,
      progress,
      write: (text) => io.stdout.write(text),
      color,
    })
    const verdict = runVerdict(drift, record)
    if (verdict.message) io.stderr.write(`harness: ${verdict.message}\n`)
    try {
      await afterStoredRun({ config, record, storeIndex, joins, pushFlag: parsed.push, progress, cwd: io.cwd })
    } catch (error) {
      return exitAfterStoreFailure(error, verdict, (text) => io.stderr.write(text), signal.aborted)
    }
    return verdict.code
  } finally {
    if (emulator) await shutDown(emulator, io, progress)
  }
}

interface Ahead {
  emulator: Promise<LocalEmulator | undefined>
  target: Promise<TargetAhead>
  /** The input was bad: the emulator started for nothing is stopped; the target's answers are dropped. */
  abandon(): Promise<void>
}

/**
 * Started once the config is known, while the scenario thread checks the scenario files: the run's
 * modules, the emulator, and the target's read-only questions (connectAhead), so CreateAccount follows
 * the input checks at once. Nothing is created before the input is known to be good; each failure is
 * reported where it is awaited, after the input's own errors.
 */
function startAhead(config: ResolvedConfig, env: CliIo['env']): Ahead {
  const modules = loadRunModules()
  const external = env.HARNESS_EMULATOR_ENDPOINT
  const emulator = modules.then(([, { startLocalEmulator, connectExternalEmulator }]) =>
    config.target !== 'local' ? undefined : external ? connectExternalEmulator(external) : startLocalEmulator(config),
  )
  const target = Promise.all([modules, emulator]).then(([[{ connectAhead }], started]) => connectAhead(config, started))
  emulator.catch(() => undefined)
  target.catch(() => undefined)
  const abandon = () => emulator.then((started) => started?.stop()).catch(() => undefined)
  return { emulator, target, abandon }
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
    // compareAndReport loads the file reporters only when it writes them: here, they are ready by then.
    import('../reporters/index.js'),
  ])
}

function emulatorNotice(config: ResolvedConfig, emulator: LocalEmulator): string {
  const date = config.emulator.date ? `simulated date ${config.emulator.date}` : 'simulated date today'
  const why = config.targetExplicit ? 'target local' : 'no AWS organization configured'
  // Injected faults change what a run sees: said up front, so a 500 in the output is not taken for AWS's.
  const faults = config.emulator.faultsFile ? `, faults from ${config.emulator.faultsFile}` : ''
  return `Using the embedded AWS emulator (${why}) at ${emulator.endpoint}, ${date}, time scale ${config.emulator.timeScale}${faults}.`
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
