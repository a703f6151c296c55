/**
 * `harness plan`: without acting, what tonight's run would do.
 * - default: the account pool plan (accounts to vend, reuse and retire, regions per account, fresh and
 *   seasoned pairs, freshness gaps, whether the budget N is achievable) from the account ledger and the
 *   freshness schedule in the reports directory; on AWS or an external emulator, from the organization
 *   too (read-only), exactly as `harness run` plans it (runtime/pool-plan.ts).
 * - `--shards N`: the night's regions split into shards for a CI matrix (one account each).
 */
import { readAccountLedger } from '../accounts/ledger.js'
import { DEFAULT_ACCOUNT_QUOTA } from '../accounts/quota.js'
import { loadConfig } from '../config/load.js'
import { parseRegionList } from '../config/regions.js'
import { HarnessError } from '../errors.js'
import { formatPlan } from '../plan/format-plan.js'
import { planRun } from '../plan/plan-run.js'
import { poolFromLedger, quotaFromLedger } from '../plan/pool-from-ledger.js'
import { readScheduleState } from '../plan/schedule-state.js'
import { actionsMatrix, MAX_SHARDS, splitRegions } from '../plan/shard-split.js'
import { collectScenarios } from '../runtime/collect.js'
import { replayDateOf } from '../runtime/replay-date.js'
import { PLAN_HELP } from './help.js'
import type { CliIo } from './io.js'
import { emulatorDateFlag, strictParse } from './run-args.js'
import { rejectMisdirectedEmulatorFlags } from './run-input.js'

const OPTIONS = {
  shards: { type: 'string' },
  json: { type: 'boolean' },
  'reports-dir': { type: 'string' },
  config: { type: 'string' },
  target: { type: 'string' },
  region: { type: 'string', multiple: true },
  scenario: { type: 'string', multiple: true },
  'fresh-every': { type: 'string' },
  'emulator-date': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

type PlanValues = ReturnType<typeof strictParse<typeof OPTIONS>>['values']

export async function planCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = strictParse(args, OPTIONS, true)
  if (values.help) {
    io.stdout.write(`${PLAN_HELP}\n`)
    return 0
  }
  if (positionals.length > 0)
    throw new HarnessError('USAGE', `harness plan takes no positional arguments (got "${positionals[0]}").`)
  return values.shards === undefined ? poolPlan(values, io) : shardPlan(values, io)
}

/** What --shards reads: the rest belongs to the pool plan and would be ignored silently. */
const SHARD_PLAN_OPTIONS = new Set(['shards', 'json', 'region', 'config', 'help'])

function assertShardPlanOptions(values: PlanValues): void {
  const ignored = Object.keys(values).filter((name) => !SHARD_PLAN_OPTIONS.has(name))
  if (ignored.length > 0)
    throw new HarnessError(
      'USAGE',
      `${ignored.map((name) => `--${name}`).join(', ')} ${ignored.length === 1 ? 'does' : 'do'} not apply to harness plan --shards (it takes --region, --config and --json).`,
    )
}

async function shardPlan(values: PlanValues, io: CliIo): Promise<number> {
  assertShardPlanOptions(values)
  const count = parseShardCount(values.shards)
  const regions = values.region ? readRegions(values.region) : undefined
  const config = await loadConfig({ cwd: io.cwd, env: io.env, configFile: values.config, flags: { regions } })
  const plan = splitRegions(config.regions, count)
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ ...plan, matrix: actionsMatrix(plan) })}\n`)
    return 0
  }
  const lines = plan.shards.map((shard) => `  shard ${shard.id}: ${shard.regions.join(', ')}`)
  io.stdout.write(
    `${plan.regions.length} region(s) in ${plan.shards.length} shard(s), one account each:\n${lines.join('\n')}\n`,
  )
  return 0
}

function parseShardCount(text: string | undefined): number {
  if (text === undefined) throw new HarnessError('USAGE', 'harness plan needs --shards <n> (1–256). See --help.')
  const count = Number(text)
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS)
    throw new HarnessError('USAGE', `--shards must be an integer from 1 to ${MAX_SHARDS}, got "${text}".`)
  return count
}

async function poolPlan(values: PlanValues, io: CliIo): Promise<number> {
  const freshEvery = readNights(values['fresh-every'])
  const emulatorDate = emulatorDateFlag(values['emulator-date'])
  const flags = {
    ...(emulatorDate ? { emulatorDate } : {}),
    ...(values['reports-dir'] ? { reportsDir: values['reports-dir'] } : {}),
    ...(values.target ? { target: readTarget(values.target) } : {}),
    ...(values.region ? { regions: readRegions(values.region) } : {}),
    ...(values.scenario ? { scenarioFilters: values.scenario } : {}),
  }
  const config = await loadConfig({ cwd: io.cwd, env: io.env, configFile: values.config, flags })
  rejectMisdirectedEmulatorFlags(config, flags, io.env)
  // The plan reads this directory only: a new working copy of a nightly would otherwise read "never" silently.
  if (config.history)
    io.stderr.write(
      `harness: plan reads ${config.reportsDir} only, not the history store ${config.history.spec}: if it has not been pulled since the last nightly, run \`harness history pull\` first for the nightly's ledger and schedule.\n`,
    )
  // The embedded emulator on a replay date (--emulator-date, or the config's emulator.date) plans the replays' rotation, on that date.
  const replayDay = replayDateOf(config, undefined)
  const replayDate = replayDay ? new Date(replayDay) : undefined
  const [scenarios, ledger, schedule] = await Promise.all([
    collectScenarios(config.scenarioGlobs, config.scenarioFilters),
    readAccountLedger(config.reportsDir),
    readScheduleState(config.reportsDir, replayDate !== undefined),
  ])
  // Where the organization outlives a run (AWS, or the emulator at HARNESS_EMULATOR_ENDPOINT), the plan is
  // exactly the one `harness run` would execute now: same organization facts, same pool checks, same clock.
  const external = config.target === 'local' ? io.env.HARNESS_EMULATOR_ENDPOINT : undefined
  if (config.target === 'aws' || external) {
    const plan = await organizationPlan(config, scenarios, external, freshEvery, io)
    io.stdout.write(values.json ? `${JSON.stringify(plan, null, 2)}\n` : `${formatPlan(plan)}\n`)
    return 0
  }
  const now = replayDate ?? new Date()
  const plan = planRun({
    now,
    scenarios: scenarios.map(({ scenario }) => ({ name: scenario.name, operations: scenario.operations })),
    regions: config.regions,
    pool: poolFromLedger(ledger.accounts),
    quota: quotaFromLedger(ledger.accounts, {
      quota: quotaSetting(io.env),
      reserve: config.accounts.reserve,
      othersHeld: 1,
      now,
    }),
    freshEvery: freshEvery ?? config.accounts.freshEvery,
    lastFresh: schedule.lastFresh,
  })
  io.stdout.write(values.json ? `${JSON.stringify(plan, null, 2)}\n` : `${formatPlan(plan)}\n`)
  return 0
}

/** The plan from the organization itself: its accounts and quota, the pool accounts still usable, its clock. */
async function organizationPlan(
  config: Awaited<ReturnType<typeof loadConfig>>,
  scenarios: Awaited<ReturnType<typeof collectScenarios>>,
  external: string | undefined,
  freshEvery: number | undefined,
  io: CliIo,
) {
  const [{ connectTarget }, { planTonight }, { connectExternalEmulator }] = await Promise.all([
    import('../runtime/provision.js'),
    import('../runtime/pool-plan.js'),
    import('../runtime/local-emulator.js'),
  ])
  const emulator = external ? await connectExternalEmulator(external) : undefined
  const target = await connectTarget(config, emulator)
  const say = { info: () => undefined, warn: (line: string) => io.stderr.write(`harness: ${line}\n`) }
  const replay = replayDateOf(config, emulator) !== undefined
  const input = { config, scenarios, say, persistent: true, freshEvery, announce: false, replay }
  return (await planTonight(input, target)).plan
}

function quotaSetting(env: NodeJS.ProcessEnv): number {
  const configured = Number(env.HARNESS_ACCOUNT_QUOTA)
  return Number.isInteger(configured) && configured > 0 ? configured : DEFAULT_ACCOUNT_QUOTA
}

function readNights(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const nights = Number(value)
  if (!Number.isInteger(nights) || nights < 1 || nights > 365)
    throw new HarnessError('USAGE', `--fresh-every must be a whole number of nights from 1 to 365, got "${value}".`)
  return nights
}

function readRegions(values: string[]): string[] {
  const parsed = parseRegionList(values, '--region')
  if (!parsed.value) throw new HarnessError('USAGE', `--region: ${parsed.errors.map((e) => e.message).join('; ')}`)
  return parsed.value
}

function readTarget(value: string): 'local' | 'aws' {
  if (value === 'local' || value === 'aws') return value
  throw new HarnessError('USAGE', `--target must be local or aws, got "${value}".`)
}
