/**
 * `harness run`'s input: config, policy, scenarios (checked in a scenario thread), a pinned baseline,
 * the reports directory, the history store, the account ledger and the freshness schedule, all checked
 * before any account is created; and what the stored history says about the denials to re-check.
 * Loaded by run-command.ts once the scenario thread is started: zod and the history modules take a while.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { readAccountLedger } from '../accounts/ledger.js'
import { loadConfig } from '../config/load.js'
import { pathsResolvedFrom, type ResolvedConfig, type RunOverrides } from '../config/resolve.js'
import { HarnessError } from '../errors.js'
import { assertComparableBaseline, stepsAllowedInBaseline } from '../history/baseline.js'
import { allowedInBaselineOf, unusableRunFiles } from '../history/indexed-history.js'
import { checksDir, readRunRecord, runsDir } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'
import { readScheduleState } from '../plan/schedule-state.js'
import type { LoadedScenario } from '../runtime/collect.js'
import type { ScenarioCheckThread } from '../runtime/contained/check-scenarios.js'
import { type DeclaredPolicy, readDeclaredPolicy } from '../runtime/policy-file.js'
import { type ReplayClock, replayDateOf } from '../runtime/replay-date.js'
import { ensureReportsDir } from '../runtime/reports-dir.js'
import { runEndpoint } from '../runtime/run-record.js'
import { pullBeforeRun } from '../store/run-sync.js'
import type { CliIo } from './io.js'
import { forgetReleaseGate } from './release-gate-file.js'
import { EMULATOR_FLAGS, needsHistoryStore, onlyApply, type RunArgs } from './run-args.js'

export interface RunInput {
  config: ResolvedConfig
  policy: DeclaredPolicy
  scenarios: LoadedScenario[]
  /** Every scenario in the files, when `--scenario` picked fewer (the run record's suiteScenarios). */
  suiteScenarios?: string[]
  endpoint: string
  pinned?: RunRecord
  storeIndex: Awaited<ReturnType<typeof pullBeforeRun>>
}

/**
 * Everything that can be wrong with the input is found before any account is created. `onConfig` starts
 * what can start once the config is known (run-command.ts loads the run's modules on this thread while
 * the scenario thread loads the scenario files).
 */
export async function checkRunInput(
  parsed: RunArgs,
  io: CliIo,
  scenarioThread: ScenarioCheckThread,
  onConfig: (config: ResolvedConfig) => void,
): Promise<RunInput> {
  const config = await loadConfig({
    cwd: io.cwd,
    env: io.env,
    configFile: parsed.configFile,
    flags: parsed.overrides,
    vends: true,
  })
  // Before anything can stop the run: an earlier check's verdict must not outlive it (release-gate-file.ts).
  await forgetReleaseGate(config.reportsDir)
  rejectMisdirectedEmulatorFlags(config, parsed.overrides, io.env)
  if (parsed.push !== undefined && !config.history) throw needsHistoryStore(parsed.push ? '--push' : '--no-push')
  // Asked first: this thread is busy loading modules next. Awaited after the policy, as errors were always ordered.
  const whereFrom = pathsResolvedFrom(config)
  const checking = scenarioThread.check(config.scenarioGlobs, config.scenarioFilters, whereFrom)
  checking.catch(() => undefined)
  onConfig(config)
  // --policy and HARNESS_POLICY are relative to the working directory, as the user typed them.
  const policyFromCommandLine = Boolean(parsed.overrides.policy || io.env.HARNESS_POLICY)
  const policy = await readDeclaredPolicy(config.policyFile, policyFromCommandLine ? undefined : whereFrom)
  // Without a history store the stored state is only read: that is done while the scenario thread still
  // checks the files (this thread is often done with its own work first). Nothing is created or pulled
  // before the scenarios are known to be good, and what is wrong with them is still reported first.
  const read = config.history ? undefined : readStoredState(io, config)
  read?.catch(() => undefined)
  const { selected: scenarios, names } = await checking
  await ensureReportsDir(config.reportsDir)
  // Pulled before the ledger is read: the store holds the ledger too. An unreachable store stops here.
  const storeIndex = await pullBeforeRun(config, { cwd: io.cwd, info: (line) => io.stdout.write(`${line}\n`) })
  const suite = names.length > scenarios.length ? { suiteScenarios: names } : {}
  return { ...(await (read ?? readStoredState(io, config))), storeIndex, policy, scenarios, ...suite }
}

/** What the reports directory holds for the run: a pinned baseline, the account ledger and the freshness schedule. */
async function readStoredState(io: CliIo, loaded: ResolvedConfig) {
  const endpoint = runEndpoint(loaded.target, io.env)
  // An emulator of its own says its clock only once connected: what depends on it is checked then too.
  const external = loaded.target === 'local' && Boolean(io.env.HARNESS_EMULATOR_ENDPOINT)
  const configReplayDate = replayDateOf(loaded, undefined)
  // After the pull: a --baseline run id may name a run only the store held, or a release check.
  const config = withCheckBaseline(loaded)
  const pinned = config.baselineFile ? await readRunRecord(config.baselineFile) : undefined
  if (pinned && config.baselineFile) {
    // Its clock is checked again in probedStepsOf, once the emulator is connected.
    const replayDate = external ? pinned.emulatorDate : configReplayDate
    const planned = { target: config.target, endpoint, ...(replayDate ? { emulatorDate: replayDate } : {}) }
    assertComparableBaseline(config.baselineFile, pinned, planned)
  }
  // A corrupt ledger or freshness schedule would otherwise surface only after an account was vended.
  await readAccountLedger(config.reportsDir)
  // The schedule of the run's clock (either, on an emulator of its own).
  if (external || !configReplayDate) await readScheduleState(config.reportsDir)
  if (external || configReplayDate) await readScheduleState(config.reportsDir, true)
  return { config, endpoint, pinned }
}

/**
 * A run id names a run of the history (reports/runs/) or, as `harness report` and `diff` take it, a
 * release check's record (reports/checks/): the latter when no such run exists.
 */
function withCheckBaseline(config: ResolvedConfig): ResolvedConfig {
  const file = config.baselineFile
  if (!file || existsSync(file) || path.dirname(file) !== runsDir(config.reportsDir)) return config
  const check = path.join(checksDir(config.reportsDir), path.basename(file))
  return existsSync(check) ? { ...config, baselineFile: check } : config
}

/**
 * Which steps get re-checked when denied: those allowed in their baseline (the waits follow the target's
 * clock). `onUnusable` hears of run files the history skips.
 */
export async function probedStepsOf(
  config: ResolvedConfig,
  where: { endpoint: string; emulator: ReplayClock | undefined },
  startedAt: Date,
  pinned: RunRecord | undefined,
  onUnusable?: (problems: string[]) => void,
): Promise<ReadonlySet<string>> {
  const replayDate = replayDateOf(config, where.emulator)
  const planned = (fresh: boolean) => ({
    target: config.target,
    endpoint: where.endpoint,
    ...(replayDate ? { emulatorDate: replayDate } : {}),
    startedAt: startedAt.toISOString(),
    account: { id: '', createdAt: startedAt.toISOString(), fresh },
  })
  // Its emulator's clock is known now (one of its own says it once connected): a pinned baseline of the
  // other clock stops the run here, before any account, as checkRunInput stops one of another endpoint.
  if (pinned && config.baselineFile) assertComparableBaseline(config.baselineFile, pinned, planned(true))
  // A pinned baseline leaves the history to "since" and the dashboard, which a broken run file misleads as much.
  if (pinned) onUnusable?.(await unusableRunFiles(config.reportsDir))
  const allowedIn = (fresh: boolean) =>
    pinned
      ? Promise.resolve(stepsAllowedInBaseline(planned(fresh), [], pinned))
      : allowedInBaselineOf(config.reportsDir, planned(fresh), onUnusable)
  // Per-run: a brand-new account. Pool: a step may run fresh or seasoned, so either baseline counts.
  const steps = await allowedIn(true)
  if (config.accounts.strategy === 'pool') for (const key of await allowedIn(false)) steps.add(key)
  return steps
}

/** The embedded emulator's flags this run was given. */
function emulatorFlagsIn(flags: RunOverrides): string | undefined {
  const given = Object.entries(EMULATOR_FLAGS).filter(([key]) => flags[key as keyof RunOverrides] !== undefined)
  return given.length === 0 ? undefined : onlyApply(given.map(([, flag]) => flag))
}

/** The embedded emulator's flags given where no embedded emulator runs: refused (run, plan). */
export function rejectMisdirectedEmulatorFlags(config: ResolvedConfig, flags: RunOverrides, env: CliIo['env']): void {
  rejectEmulatorFlagsOnAws(config, flags)
  rejectEmulatorFlagsOnExternal(config, flags, env)
}

/** Emulator knobs on a real AWS run are a mistake worth stopping for, not something to ignore silently. */
function rejectEmulatorFlagsOnAws(config: ResolvedConfig, flags: RunOverrides): void {
  const list = config.target === 'aws' ? emulatorFlagsIn(flags) : undefined
  if (list) throw new HarnessError('USAGE', `${list} to the embedded emulator, not to --target aws.`)
}

/** An emulator of its own (HARNESS_EMULATOR_ENDPOINT) keeps the clock, timeline and faults it was started with. */
function rejectEmulatorFlagsOnExternal(config: ResolvedConfig, flags: RunOverrides, env: CliIo['env']): void {
  const list = config.target === 'local' && env.HARNESS_EMULATOR_ENDPOINT ? emulatorFlagsIn(flags) : undefined
  if (list)
    throw new HarnessError(
      'USAGE',
      `${list} to the embedded emulator; the one at HARNESS_EMULATOR_ENDPOINT keeps its own: give them to \`harness emulator start\` (--date, --time-scale, --timeline, --faults), or set its clock with POST /_emulator/clock.`,
    )
}
