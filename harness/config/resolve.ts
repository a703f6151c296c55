/**
 * UserConfig (file) + environment + flags → ResolvedConfig. Precedence: flags > env > config file >
 * defaults. Relative paths resolve against the config file's directory (or the working directory).
 */
import path from 'node:path'
import { isRunId, runFileOf } from '../history/run-id.js'
import { type HistoryLocation, parseHistoryLocation } from './history-location.js'
import { parseRegionList } from './regions.js'
import type { ConfigProblem, UserConfig } from './schema.js'

export type Target = 'local' | 'aws'
export type AfterRun = 'keep' | 'close'

/** Options given on the command line (already checked for syntax by the CLI). */
export interface RunOverrides {
  target?: Target
  regions?: string[]
  scenarioFilters?: string[]
  policy?: string
  reportsDir?: string
  baseline?: string
  emulatorDate?: string
  timeScale?: number
  timeline?: string
  faults?: string
  launch?: boolean
  /** `--verify-fix` */
  verifyFix?: boolean
  concurrency?: number
  afterRun?: AfterRun
  /** `--strategy`: the account pool or one new account per run. */
  strategy?: AccountStrategy
  /** `--history`: 'git:<remote>#<branch>' or a directory. */
  history?: string
}

/** How accounts are found for a run: one new account per run, or planned from a pool (harness/plan). */
export type AccountStrategy = 'pool' | 'per-run'

export interface ResolvedConfig {
  rootDir: string
  configFile?: string
  target: Target
  /** Whether a flag, env var or the config file chose the target (else: no organization configured). */
  targetExplicit: boolean
  aws: { profile?: string; roleArn?: string; homeRegion: string }
  accounts: {
    emailTemplate: string
    namePrefix: string
    organizationalUnitId?: string
    tags: Record<string, string>
    afterRun: AfterRun
    strategy: AccountStrategy
    freshEvery: number
    reserve: number
  }
  regions: string[]
  policyFile: string
  permissionsBoundary?: string
  scenarioGlobs: string[]
  scenarioFilters: string[]
  concurrency: number
  reportsDir: string
  baselineFile?: string
  /** The history store; undefined: runs stay in reportsDir only. */
  history?: HistoryLocation
  releaseGate: { maxBaselineAgeHours: number }
  emulator: {
    date?: string
    timeScale: number
    timelineFile?: string
    faultsFile?: string
    /** Extra real-AWS seconds before a role's policy is in force in these regions (slow IAM propagation). */
    iamPropagationByRegion?: Record<string, number>
    /** Real-AWS seconds before a new or changed role or policy is in force; the emulator's default when unset. */
    iamPropagation?: number
  }
  /** Real-AWS seconds to wait before each re-check of a denial that has an allowed baseline. */
  denialProbeWaitsSeconds: number[]
  /** CloudTrail capture after the steps: off, or on with an explicit delivery wait (real seconds) for AWS targets. */
  cloudTrailCapture: { enabled: boolean; waitSeconds?: number }
  launch: boolean
  /** After a run with denials, re-run the failing steps under the merged patch in a fresh account (harness/follow-up/). */
  verifyFix: boolean
  /** Unset: the defaults (STEP_TIMEOUT_MS, SCENARIO_DEADLINE_MS; a wind-down of the shorter of 60 s and the deadline). */
  limits: { stepTimeoutMs?: number; scenarioDeadlineMs?: number; windDownMs?: number }
}

export interface ResolveInput {
  user: UserConfig
  configFile?: string
  /** The project root found from cwd (config/load.ts); default the config file's directory, else cwd. */
  rootDir?: string
  cwd: string
  env: NodeJS.ProcessEnv
  flags: RunOverrides
  /** The command vends accounts (run, minimize): on AWS it then needs accounts.emailTemplate. */
  vends?: boolean
}

export const DEFAULTS = {
  homeRegion: 'us-east-1',
  regions: ['us-east-1'],
  policy: 'scenarios/minimal-policy.json',
  scenarios: ['scenarios/*.ts'],
  concurrency: 4,
  reportsDir: 'reports',
  emailTemplate: 'harness+{id}@example.com',
  namePrefix: 'harness-',
  afterRun: 'close' as AfterRun,
  /**
   * Real AWS: the pool (per-run vending exhausts the default quota of 10 in nine nights, aws-facts §11).
   * The embedded emulator starts empty every run, so per-run stays its default.
   */
  strategyOnAws: 'pool' as AccountStrategy,
  strategyOnEmulator: 'per-run' as AccountStrategy,
  /**
   * With the default quota (10), the management account and the reserve, 15 is the bound with no night lost
   * and 20 what the planner keeps with slack for killed or faulted nights (harness/plan/budget.ts).
   */
  freshEvery: 20,
  reserve: 1,
  timeScale: 0.01,
  /**
   * Re-checks of a new denial, 15 s, 45 s and 120 s apart (3 min in all): IAM is eventually consistent with
   * no SLA, Terraform waits up to 2 min for IAM propagation, and regions other than us-east-1 can lag
   * (shared/aws-facts.md, "Eventual consistency" and "IAM propagates region by region").
   */
  denialProbeWaitsSeconds: [15, 45, 120],
  /** A nightly missed one night is still a fair comparison; two missed nights are worth a warning. */
  maxBaselineAgeHours: 36,
}

/** Environment overrides a CI job needs; each problem names the variable. */
function readEnv(
  env: NodeJS.ProcessEnv,
  errors: ConfigProblem[],
): RunOverrides & { profile?: string; roleArn?: string } {
  const out: RunOverrides & { profile?: string; roleArn?: string } = {}
  const target = env.HARNESS_TARGET
  if (target) {
    if (target === 'local' || target === 'aws') out.target = target
    else errors.push({ source: 'HARNESS_TARGET', path: 'target', message: `must be local or aws, got "${target}"` })
  }
  if (env.HARNESS_REGIONS) {
    const regions = parseRegionList([env.HARNESS_REGIONS], 'HARNESS_REGIONS')
    errors.push(...regions.errors)
    out.regions = regions.value
  }
  const afterRun = env.HARNESS_ACCOUNTS_AFTER_RUN
  if (afterRun) {
    if (afterRun === 'keep' || afterRun === 'close') out.afterRun = afterRun
    else
      errors.push({ source: 'HARNESS_ACCOUNTS_AFTER_RUN', path: 'accounts.afterRun', message: 'must be keep or close' })
  }
  const strategy = env.HARNESS_ACCOUNTS_STRATEGY
  if (strategy) {
    if (strategy === 'pool' || strategy === 'per-run') out.strategy = strategy
    else
      errors.push({
        source: 'HARNESS_ACCOUNTS_STRATEGY',
        path: 'accounts.strategy',
        message: `must be pool or per-run, got "${strategy}"`,
      })
  }
  out.history = env.HARNESS_HISTORY || undefined
  out.reportsDir = env.HARNESS_REPORTS_DIR || undefined
  out.policy = env.HARNESS_POLICY || undefined
  out.profile = env.HARNESS_AWS_PROFILE || undefined
  out.roleArn = env.HARNESS_MANAGEMENT_ROLE_ARN || undefined
  return out
}

/** How relative paths of the config file and the defaults were resolved, for a message about a path that matched nothing. */
export function pathsResolvedFrom(config: Pick<ResolvedConfig, 'rootDir' | 'configFile'>): string {
  const from = config.configFile ? `${config.rootDir}, the folder of ${config.configFile}` : config.rootDir
  return `the config file's paths and the defaults (${DEFAULTS.scenarios.join(', ')}, ${DEFAULTS.policy}, ${DEFAULTS.reportsDir}) resolve from ${from}`
}

export function resolveConfig(input: ResolveInput): { config: ResolvedConfig; errors: ConfigProblem[] } {
  const { user, flags, cwd } = input
  const errors: ConfigProblem[] = []
  const env = readEnv(input.env, errors)
  const rootDir = input.configFile ? path.dirname(input.configFile) : (input.rootDir ?? cwd)
  const fromRoot = (file: string) => path.resolve(rootDir, file)
  const fromCwd = (file: string) => path.resolve(cwd, file)
  const profile = env.profile ?? user.aws?.profile
  const roleArn = env.roleArn ?? user.aws?.roleArn
  // An organization counts as configured when management credentials are named.
  const organizationConfigured = Boolean(profile || roleArn)
  const globs = user.scenarios === undefined ? DEFAULTS.scenarios : [user.scenarios].flat()
  const target = flags.target ?? env.target ?? user.target ?? (organizationConfigured ? 'aws' : 'local')
  const reportsDir = flags.reportsDir
    ? fromCwd(flags.reportsDir)
    : env.reportsDir
      ? fromCwd(env.reportsDir)
      : fromRoot(user.reportsDir ?? DEFAULTS.reportsDir)
  const config: ResolvedConfig = {
    rootDir,
    configFile: input.configFile,
    target,
    targetExplicit: Boolean(flags.target ?? env.target ?? user.target),
    aws: { profile, roleArn, homeRegion: user.aws?.homeRegion ?? DEFAULTS.homeRegion },
    accounts: {
      emailTemplate: user.accounts?.emailTemplate ?? DEFAULTS.emailTemplate,
      namePrefix: user.accounts?.namePrefix ?? DEFAULTS.namePrefix,
      organizationalUnitId: user.accounts?.organizationalUnitId,
      tags: user.accounts?.tags ?? {},
      afterRun: flags.afterRun ?? env.afterRun ?? user.accounts?.afterRun ?? DEFAULTS.afterRun,
      strategy:
        flags.strategy ??
        env.strategy ??
        user.accounts?.strategy ??
        (target === 'aws' ? DEFAULTS.strategyOnAws : DEFAULTS.strategyOnEmulator),
      freshEvery: user.accounts?.freshEvery ?? DEFAULTS.freshEvery,
      reserve: user.accounts?.reserve ?? DEFAULTS.reserve,
    },
    regions: flags.regions ?? env.regions ?? user.regions ?? DEFAULTS.regions,
    policyFile: flags.policy
      ? fromCwd(flags.policy)
      : env.policy
        ? fromCwd(env.policy)
        : fromRoot(user.policy ?? DEFAULTS.policy),
    permissionsBoundary: user.permissionsBoundary,
    scenarioGlobs: globs.map(fromRoot),
    scenarioFilters: flags.scenarioFilters ?? [],
    concurrency: flags.concurrency ?? user.concurrency ?? DEFAULTS.concurrency,
    reportsDir,
    // A run id, as `harness diff` and `report` take one, names a record in the reports directory's history.
    baselineFile: flags.baseline
      ? isRunId(flags.baseline)
        ? runFileOf(reportsDir, flags.baseline)
        : fromCwd(flags.baseline)
      : undefined,
    history: resolveHistory(flags.history ?? env.history, user.history, cwd, rootDir, errors),
    releaseGate: { maxBaselineAgeHours: user.releaseGate?.maxBaselineAgeHours ?? DEFAULTS.maxBaselineAgeHours },
    emulator: {
      date: flags.emulatorDate ?? user.emulator?.date,
      timeScale: flags.timeScale ?? user.emulator?.timeScale ?? DEFAULTS.timeScale,
      timelineFile: flags.timeline ? fromCwd(flags.timeline) : optional(user.emulator?.timeline, fromRoot),
      faultsFile: flags.faults ? fromCwd(flags.faults) : optional(user.emulator?.faults, fromRoot),
      iamPropagationByRegion: user.emulator?.iamPropagationByRegion,
      iamPropagation: user.emulator?.iamPropagation,
    },
    launch: flags.launch ?? user.launch ?? false,
    verifyFix: flags.verifyFix ?? user.verifyFix ?? false,
    denialProbeWaitsSeconds: user.denialProbes?.waitsSeconds ?? DEFAULTS.denialProbeWaitsSeconds,
    cloudTrailCapture:
      user.cloudTrailCapture === false
        ? { enabled: false }
        : { enabled: true, waitSeconds: user.cloudTrailCapture?.waitSeconds },
    limits: {
      stepTimeoutMs: optional(user.limits?.stepTimeoutSeconds, (seconds) => seconds * 1000),
      scenarioDeadlineMs: optional(user.limits?.scenarioTimeoutSeconds, (seconds) => seconds * 1000),
      windDownMs: optional(user.limits?.windDownSeconds, (seconds) => Math.round(seconds * 1000)),
    },
  }
  if (input.vends && config.target === 'aws' && !user.accounts?.emailTemplate) {
    errors.push({
      source: input.configFile ?? 'config',
      path: 'accounts.emailTemplate',
      message: 'is required with target aws (an address you receive mail at, containing {id})',
    })
  }
  return { config, errors }
}

/** A flag or HARNESS_HISTORY is relative to the working directory, the config file's value to its folder. */
function resolveHistory(
  fromCommandLine: string | undefined,
  fromFile: string | undefined,
  cwd: string,
  rootDir: string,
  errors: ConfigProblem[],
): HistoryLocation | undefined {
  const spec = fromCommandLine ?? fromFile
  if (spec === undefined) return undefined
  const parsed = parseHistoryLocation(spec, fromCommandLine !== undefined ? cwd : rootDir)
  if ('kind' in parsed) return parsed
  errors.push({
    source: fromCommandLine !== undefined ? '--history / HARNESS_HISTORY' : 'config',
    path: 'history',
    message: parsed.problem,
  })
  return undefined
}

function optional<T, R>(value: T | undefined, map: (value: T) => R): R | undefined {
  return value === undefined ? undefined : map(value)
}
