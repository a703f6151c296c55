/**
 * The season with the emulator in the loop: one long-lived emulator (accelerated durations, default
 * quotas, seeded faults, the generated changes as timeline entries) and, every night, the real
 * `harness run` against it, its clock set to that night. Everything measured comes from the emulator
 * (Organizations ListAccounts, /_emulator/resources) and the run's own records (runs/<id>.json,
 * drift.json): the emulator, not this file, decides which calls are denied.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readAccountQuota } from '../accounts/quota.js'
import type { AwsTarget } from '../accounts/types.js'
import { ALL_COMMERCIAL_REGIONS } from '../config/regions.js'
import type { FaultRule } from '../emulator/faults/index.js'
import { mulberry32 } from '../emulator/faults/selection.js'
import { startEmulator } from '../emulator/server.js'
import type { RunRecord } from '../history/types.js'
import { pairKey } from '../plan/freshness.js'
import type { PlannedScenario } from '../plan/types.js'
import { attributeRegressions, type ChangeResult, type FalseRegression, type ReportedRegression } from './attribute.js'
import { generateChanges, type SimChange } from './changes.js'
import {
  countLeftoverResources,
  grantDetected,
  listMembers,
  newRecord,
  readRegressions,
  setClock,
} from './emulator-io.js'
import { cliNightRunner, killedNightRunner, type NightRunner } from './night-runner.js'
import { nightDate, requiredActions, timelineOf } from './timeline.js'

const DAY_MS = 24 * 60 * 60_000
const SEASON_START = new Date('2026-01-01T02:00:00Z')
const CONTROL_TOKEN = `season-${process.pid}-control-token`

export interface EmulatorSeasonOptions {
  seed: number
  nights: number
  regions?: readonly string[]
  scenarios: PlannedScenario[]
  /** Files as the config takes them: the scenarios glob and the declared policy. */
  scenarioFiles: string
  policyFile: string
  freshEvery: number
  strategy: 'pool' | 'per-run'
  /** Chance a night's `harness run` is SIGKILLed part-way. */
  killRate?: number
  /** Nights killed regardless of killRate (tests). */
  killNights?: readonly number[]
  /** Rate of each injected fault kind on the scenarios' services. */
  faultRate?: number
  changes?: number | SimChange[]
  /** Emulator time scale for operation durations (account creation, propagation); calendar rules stay in days. */
  timeScale?: number
  runner?: NightRunner
  say?: (line: string) => void
}

export interface EmulatorSeasonResult {
  nightsRun: number
  nightsBlocked: number
  nightsKilled: number
  vended: number
  maxHeld: number
  quota: number
  largestGap: number
  changes: ChangeResult[]
  falseRegressions: FalseRegression[]
  leftoverResources: number
  leftoverAccounts: number
  seconds: number
}

export async function simulateSeasonOnEmulator(options: EmulatorSeasonOptions): Promise<EmulatorSeasonResult> {
  const started = Date.now()
  const regions = [...(options.regions ?? ALL_COMMERCIAL_REGIONS)]
  const random = mulberry32(options.seed)
  const changes = Array.isArray(options.changes)
    ? options.changes
    : generateChanges(random, options.changes ?? 12, options.nights, regions, options.scenarios)
  const timeScale = options.timeScale ?? 0.0002
  const emulator = await startSeasonEmulator(options, changes, timeScale)
  const dir = await mkdtemp(path.join(tmpdir(), 'harness-season-'))
  try {
    const policyFile = path.join(dir, 'policy.json')
    await writeFile(policyFile, await readFile(options.policyFile, 'utf8'))
    await writeFile(path.join(dir, 'harness.config.ts'), seasonConfig(options, regions, timeScale, policyFile))
    const actions = requiredActions(changes, options.scenarios)
    const target: AwsTarget = {
      kind: 'local',
      endpoint: emulator.endpoint,
      homeRegion: 'us-east-1',
      managementCredentials: async () => ({ accessKeyId: 'test', secretAccessKey: 'test' }),
    }
    const env = { HARNESS_EMULATOR_ENDPOINT: emulator.endpoint, HARNESS_EMULATOR_TOKEN: CONTROL_TOKEN }
    const results: ChangeResult[] = changes.map((change) => ({ change }))
    const falseRegressions: FalseRegression[] = []
    const lastFresh = new Map<string, number>()
    const counts = { run: 0, blocked: 0, killed: 0, maxHeld: 0, largestGap: 0 }
    const seen = new Set<string>()
    const vended = new Set<string>()
    for (let night = 0; night < options.nights; night++) {
      await setClock(emulator.endpoint, nightDate(SEASON_START, night), CONTROL_TOKEN)
      const kill = options.killNights?.includes(night) || random() < (options.killRate ?? 0.03)
      const runner = kill ? killedNightRunner(3 + Math.floor(random() * 12)) : (options.runner ?? cliNightRunner)
      const outcome = await runner({ dir, env, args: ['run'] })
      const record = await newRecord(dir, seen)
      counts.maxHeld = Math.max(counts.maxHeld, (await readAccountQuota(target, {})).count)
      for (const member of await listMembers(emulator.endpoint, target)) vended.add(member.id)
      if (outcome.killed) counts.killed++
      else if (!record?.results.some(ran)) {
        counts.blocked++
        options.say?.(`night ${night}: blocked (exit ${outcome.code}): ${lastLine(outcome.output)}`)
      } else counts.run++
      if (record && !outcome.killed) {
        for (const step of record.results)
          if (ran(step) && !step.notFresh) lastFresh.set(pairKey(step.scenario, step.region), night)
        const regressions = await readRegressions(dir, record)
        falseRegressions.push(...(await attributeAndFix(results, regressions, { night, regions, actions, policyFile })))
      }
      for (const s of options.scenarios)
        for (const region of regions)
          counts.largestGap = Math.max(counts.largestGap, night - (lastFresh.get(pairKey(s.name, region)) ?? -1))
      if (night % 10 === 9) options.say?.(`night ${night + 1}/${options.nights} (${secondsSince(started)} s)`)
    }
    const open = (await listMembers(emulator.endpoint, target)).filter((m) => m.status === 'ACTIVE')
    return {
      nightsRun: counts.run,
      nightsBlocked: counts.blocked,
      nightsKilled: counts.killed,
      vended: vended.size,
      maxHeld: counts.maxHeld,
      quota: (await readAccountQuota(target, {})).quota,
      largestGap: counts.largestGap,
      changes: results,
      falseRegressions,
      leftoverResources: await countLeftoverResources(emulator.endpoint),
      leftoverAccounts: open.length,
      seconds: Number(secondsSince(started)),
    }
  } finally {
    await emulator.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

/** One emulator for the whole season: its clock starts on night 0 and is set forward each night. */
function startSeasonEmulator(options: EmulatorSeasonOptions, changes: SimChange[], timeScale: number) {
  return startEmulator({
    port: 0,
    date: SEASON_START,
    timeScale,
    seed: options.seed,
    controlToken: CONTROL_TOKEN,
    timeline: timelineOf(changes, options.scenarios, SEASON_START, options.seed),
    faults: seasonFaults(options.scenarios, options.faultRate ?? 0.01, options.seed),
    // Calendar rules are AWS's, in days of the season's clock: the time scale shortens waits, never these.
    durations: { postClosurePeriodMs: (90 * DAY_MS) / timeScale, closeQuotaWindowMs: (30 * DAY_MS) / timeScale },
  })
}

/** Tonight's reported denials against the changes; newly detected ones get the team's fix. Returns the false ones. */
async function attributeAndFix(
  results: ChangeResult[],
  regressions: ReportedRegression[],
  night: { night: number; regions: string[]; actions: ReadonlyMap<string, string>; policyFile: string },
): Promise<FalseRegression[]> {
  const detected = () => results.filter((r) => r.detectedNight !== undefined).length
  const before = detected()
  const falseOnes = attributeRegressions(results, regressions, night.night, night.regions, night.actions)
  if (detected() > before) await grantDetected(night.policyFile, results, night.actions)
  return falseOnes
}

const secondsSince = (start: number) => ((Date.now() - start) / 1000).toFixed(1)
const ran = (step: RunRecord['results'][number]) => step.outcome.kind === 'allowed' || step.outcome.kind === 'denied'
const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? ''

/** Throttling, 503s and dropped connections on the scenarios' services and STS, seeded (emulator faults/). */
function seasonFaults(scenarios: PlannedScenario[], rate: number, seed: number): FaultRule[] {
  if (rate <= 0) return []
  const services = [...new Set(scenarios.flatMap((s) => (s.operations ?? []).map((op) => op.split(':')[0]!)))]
  return [
    { service: [...services, 'sts'], rate, seed, fault: 'throttle' },
    { service: services, rate: rate / 2, seed: seed + 1, fault: 'service-unavailable' },
    { service: services, rate: rate / 4, seed: seed + 2, fault: 'connection-reset' },
  ]
}

function seasonConfig(options: EmulatorSeasonOptions, regions: string[], timeScale: number, policy: string): string {
  const config = {
    scenarios: options.scenarioFiles,
    policy,
    regions,
    accounts: { strategy: options.strategy, freshEvery: options.freshEvery },
    concurrency: 8,
    emulator: { timeScale },
    // The season measures steps and their drift; the CloudTrail look-up after each run only adds waits.
    cloudTrailCapture: false,
  }
  return `export default ${JSON.stringify(config, null, 2)}\n`
}
