/**
 * `harness run` flags → RunOverrides. Every bad value is a USAGE error naming the flag; unknown flags
 * are rejected by parseArgs (strict) and reported the same way.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>

import { closest } from '../closest.js'
import { EMULATOR_DATE_RULE, isEmulatorDate } from '../config/iso-date.js'
import { parseRegionList } from '../config/regions.js'
import type { RunOverrides } from '../config/resolve.js'
import { HarnessError } from '../errors.js'

export const RUN_OPTIONS = {
  region: { type: 'string', multiple: true },
  scenario: { type: 'string', multiple: true },
  policy: { type: 'string' },
  config: { type: 'string' },
  'reports-dir': { type: 'string' },
  baseline: { type: 'string' },
  history: { type: 'string' },
  push: { type: 'boolean' },
  'no-push': { type: 'boolean' },
  shard: { type: 'string' },
  'shard-group': { type: 'string' },
  target: { type: 'string' },
  'emulator-date': { type: 'string' },
  'time-scale': { type: 'string' },
  timeline: { type: 'string' },
  faults: { type: 'string' },
  launch: { type: 'boolean' },
  'verify-fix': { type: 'boolean' },
  concurrency: { type: 'string' },
  strategy: { type: 'string' },
  'keep-account': { type: 'boolean' },
  'close-account': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

export interface RunArgs {
  help: boolean
  configFile?: string
  overrides: RunOverrides
  /**
   * `--push` true, `--no-push` false, neither undefined: whether this run goes into the history store
   * (by default only from CI or as a shard; run-history.ts).
   */
  push?: boolean
  /** `--shard i/n --shard-group <id>`: this run is one part of a planned night (see `harness merge`). */
  shard?: { index: number; count: number; group: string }
}

/** `--push` / `--no-push` given without a history store (harness run and harness merge). */
export const needsHistoryStore = (flag: '--push' | '--no-push'): HarnessError =>
  usage(`${flag} needs a history store (--history, HARNESS_HISTORY or \`history\` in the config).`)

function usage(message: string): HarnessError {
  return new HarnessError('USAGE', message)
}

/** Wraps node:util parseArgs so its errors become one clear USAGE sentence naming the flag. */
// The explicit return type lets `npm run build` emit declarations (node:util does not export ParsedResults).
export function strictParse<T extends ParseArgsOptionsConfig>(
  args: string[],
  options: T,
  allowPositionals: boolean,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; strict: true; allowPositionals: boolean }>> {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals })
  } catch (error) {
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
    // `--time-scale -1`: parseArgs refuses a value that starts with a dash without saying which.
    const ambiguous = /^Option '(--[\w-]+)' argument is ambiguous/.exec(message)
    if (ambiguous?.[1]) {
      const flag = ambiguous[1]
      const value = args[args.indexOf(flag) + 1]
      throw usage(
        `${flag} needs a value, got the option-like ${quoteValue(value ?? '')}; write ${flag}=${(value ?? '').length <= 60 ? value : '<value>'} if that is the value. See --help.`,
      )
    }
    throw usage(
      `${message.replace(/\. To specify a positional argument.*$/, '').replace(/\.$/, '')}${didYouMean(message, options)}. See --help.`,
    )
  }
}

/** For parseArgs' "Unknown option '--regoin'": the known flag it is a typo of, if one is close. */
function didYouMean(message: string, options: ParseArgsOptionsConfig): string {
  const unknown = /^Unknown option '--([\w-]+)'/.exec(message)?.[1]
  const flag = unknown && closest(unknown, Object.keys(options))
  return flag ? ` (did you mean --${flag}?)` : ''
}

/** The same limits as harness.config.ts (concurrency ≤ 64, timeScale ≤ 1000). */
function positiveNumber(flag: string, text: string | undefined, integer: boolean, max: number): number | undefined {
  if (text === undefined) return undefined
  const value = Number(text)
  if (!Number.isFinite(value) || value <= 0 || value > max || (integer && !Number.isInteger(value))) {
    throw usage(`--${flag} must be a positive ${integer ? 'integer' : 'number'} up to ${max}, got ${quoteValue(text)}.`)
  }
  return value
}

/** Flags naming a file, directory or pattern: an empty value would silently mean "the default". */
const PATH_FLAGS = ['policy', 'config', 'reports-dir', 'baseline', 'timeline', 'faults', 'scenario', 'region'] as const

export function rejectEmptyValues(values: Record<string, unknown>, flags: readonly string[] = PATH_FLAGS): void {
  for (const flag of flags) {
    const given = [values[flag] ?? []].flat() as string[]
    if (given.some((value) => value.trim() === ''))
      throw usage(`--${flag} needs a value, got an empty one. See --help.`)
  }
}

/** A flag value as an error message quotes it: cut short, so a huge value is never echoed back. */
export function quoteValue(value: string): string {
  return value.length <= 60 ? `"${value}"` : `"${value.slice(0, 40)}…" (${value.length} characters)`
}

export function parseRunArgs(args: string[]): RunArgs {
  const { values, positionals } = strictParse(args, RUN_OPTIONS, true)
  rejectEmptyValues(values)
  if (positionals.length > 0)
    throw usage(`harness run takes no positional arguments (got ${quoteValue(positionals[0] ?? '')}). See --help.`)
  const overrides: RunOverrides = {}
  if (values.region) {
    const regions = parseRegionList(values.region, '--region')
    if (regions.errors.length > 0) throw usage(`--region: ${regions.errors.map((e) => e.message).join('; ')}.`)
    overrides.regions = regions.value
  }
  if (values.target !== undefined) {
    if (values.target !== 'local' && values.target !== 'aws')
      throw usage(`--target must be local or aws, got ${quoteValue(values.target)}.`)
    overrides.target = values.target
  }
  const date = emulatorDateFlag(values['emulator-date'])
  if (date !== undefined) overrides.emulatorDate = date
  if (values.strategy !== undefined) {
    if (values.strategy !== 'pool' && values.strategy !== 'per-run')
      throw usage(`--strategy must be pool or per-run, got ${quoteValue(values.strategy)}.`)
    overrides.strategy = values.strategy
  }
  if (values['keep-account'] && values['close-account'])
    throw usage('--keep-account and --close-account exclude each other.')
  if (values['keep-account']) overrides.afterRun = 'keep'
  if (values['close-account']) overrides.afterRun = 'close'
  overrides.timeScale = positiveNumber('time-scale', values['time-scale'], false, 1000)
  overrides.concurrency = positiveNumber('concurrency', values.concurrency, true, 64)
  overrides.scenarioFilters = values.scenario
  overrides.policy = values.policy
  overrides.reportsDir = values['reports-dir']
  overrides.baseline = values.baseline
  overrides.history = values.history
  overrides.timeline = values.timeline
  overrides.faults = values.faults
  overrides.launch = values.launch
  overrides.verifyFix = values['verify-fix']
  for (const key of Object.keys(overrides) as Array<keyof RunOverrides>) {
    if (overrides[key] === undefined) delete overrides[key]
  }
  const shard = parseShard(values.shard, values['shard-group'])
  return {
    help: Boolean(values.help),
    configFile: values.config,
    overrides,
    ...pushFlag(values.push, values['no-push']),
    ...(shard ? { shard } : {}),
  }
}

function pushFlag(push: boolean | undefined, noPush: boolean | undefined): Pick<RunArgs, 'push'> {
  if (push && noPush) throw usage('--push and --no-push contradict each other: give one.')
  return push ? { push: true } : noPush ? { push: false } : {}
}

/** A shard group id: it names files and store paths, so letters, digits, ".", "_", "-" only. */
export const isShardGroupId = (group: string): boolean => /^[A-Za-z0-9._-]{1,100}$/.test(group)

function parseShard(text: string | undefined, group: string | undefined): RunArgs['shard'] {
  if (text === undefined) {
    if (group !== undefined) throw usage('--shard-group needs --shard <i>/<n>.')
    return undefined
  }
  const match = /^(\d+)\/(\d+)$/.exec(text)
  const [index, count] = [Number(match?.[1]), Number(match?.[2])]
  if (!match || index < 1 || count < 1 || index > count || count > 256)
    throw usage(`--shard must be <i>/<n> with 1 ≤ i ≤ n ≤ 256, e.g. 2/4, got "${text}".`)
  if (!group || !isShardGroupId(group))
    throw usage(
      `--shard needs --shard-group <id> (letters, digits, ".", "_", "-"; the same for every shard of a night, e.g. the workflow run id), got ${group === undefined ? 'none' : `"${group}"`}.`,
    )
  return { index, count, group }
}

/** `--emulator-date`, as `harness run` and `harness plan` take it. */
export function emulatorDateFlag(date: string | undefined): string | undefined {
  if (date !== undefined && !isEmulatorDate(date))
    throw usage(`--emulator-date must be ${EMULATOR_DATE_RULE}, got ${quoteValue(date)}.`)
  return date
}

/** The embedded emulator's flags: refused with --target aws and with an emulator of its own (run-input.ts). */
export const EMULATOR_FLAGS = {
  emulatorDate: '--emulator-date',
  timeScale: '--time-scale',
  timeline: '--timeline',
  faults: '--faults',
}

/** "--time-scale only applies" / "--emulator-date, --faults only apply": the flags given, as a sentence's subject. */
export function onlyApply(flags: readonly string[]): string {
  return `${flags.join(', ')} only ${flags.length === 1 ? 'applies' : 'apply'}`
}
