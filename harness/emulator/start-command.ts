/**
 * `harness emulator start`: serve the emulator until SIGINT/SIGTERM. Prints the endpoint and the
 * control API's token (also written, owner-only, to the token file); exits 0 after a signal, 2 on bad
 * flags (including a non-loopback --host without --allow-remote), 3 when it cannot listen (port in use).
 */
import { closest } from '../closest.js'
import { isLoopbackHost } from './control/access.js'
import {
  CLOCK_MAX,
  CLOCK_MIN,
  isRealCalendarDay,
  MAX_AUDIT_WINDOW,
  MAX_DURATION_MS,
  MAX_LATENCY_MS,
  MAX_TIME_SCALE,
} from './control/bounds.js'
import { removeTokenFile, writeTokenFile } from './control/token-file.js'
import type { Durations } from './core/state.js'
import { type EmulatorOptions, startEmulator } from './server.js'
import { loadAllServices } from './services/index.js'

export interface CommandIo {
  stdout: { write(text: string): unknown }
  stderr: { write(text: string): unknown }
  env?: NodeJS.ProcessEnv
}

export const EMULATOR_START_USAGE = `Usage: harness emulator start [options]

Serves the embedded AWS emulator (credentials test/test, management account 111111111111).

Options:
  --host <host>          address to bind (default 127.0.0.1, loopback); any other needs --allow-remote
  --allow-remote         really listen beyond loopback (its administrator credentials are the documented
                         test/test: anyone who can reach it can use it; the control API still needs the token)
  --token-file <file>    where to write the control API token (default ~/.harness/emulator-<port>.token,
                         owner-only); HARNESS_EMULATOR_TOKEN=<token> fixes the token instead of a random one
  --port <port>          port to listen on, 0 for any free port (default 4566)
  --date <ISO date>      simulated start date (default: now)
  --time-scale <factor>  multiplies simulated durations, e.g. 0.001 (default 1)
  --timeline <file>      JSON file of dated AWS behaviour changes to add
  --faults <file>        JSON file of fault rules to inject
  --audit-window <n>     calls (and CloudTrail events) kept in memory, oldest dropped first (default 10000);
                         GET /_emulator/calls pages through them (maxResults, nextToken)

Realism knobs, in real-AWS time before --time-scale (also settable at run time: POST /_emulator/config):
  --max-accounts <n>           accounts per organization, closed ones included (default 10)
  --iam-propagation <seconds>  before a new or changed role or policy takes effect (default 10)
  --create-account <seconds>   how long CreateAccount stays IN_PROGRESS (default 60)
  --enable-region <seconds>    how long EnableRegion stays ENABLING (default 300)
  --latency <ms>               added to every AWS call's answer (default 0)

  --help                 show this help

The control API (/_emulator/*) answers GETs from loopback; every POST needs
"Content-Type: application/json" and "Authorization: Bearer <token>" with the printed token.
`

type Flag =
  | 'host'
  | 'allow-remote'
  | 'token-file'
  | 'port'
  | 'date'
  | 'time-scale'
  | 'timeline'
  | 'faults'
  | 'max-accounts'
  | 'iam-propagation'
  | 'create-account'
  | 'enable-region'
  | 'latency'
  | 'audit-window'
const FLAGS: readonly Flag[] = [
  'host',
  'allow-remote',
  'token-file',
  'port',
  'date',
  'time-scale',
  'timeline',
  'faults',
  'max-accounts',
  'iam-propagation',
  'create-account',
  'enable-region',
  'latency',
  'audit-window',
]

/** Duration flags → the Durations field they set and the factor from the flag's unit to ms. */
const DURATION_FLAGS = [
  { flag: 'iam-propagation', field: 'iamPropagationMs', toMs: 1000 },
  { flag: 'create-account', field: 'createAccountMs', toMs: 1000 },
  { flag: 'enable-region', field: 'enableRegionMs', toMs: 1000 },
  { flag: 'latency', field: 'perCallLatencyMs', toMs: 1 },
] as const satisfies ReadonlyArray<{ flag: Flag; field: keyof Durations; toMs: number }>

const BOOLEAN_FLAGS: readonly Flag[] = ['allow-remote']

export class UsageError extends Error {}

export function parseStartArgs(argv: string[]): { help: true } | { help: false; flags: Partial<Record<Flag, string>> } {
  const flags: Partial<Record<Flag, string>> = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--help' || arg === '-h') return { help: true }
    if (!arg.startsWith('--')) throw new UsageError(`Unexpected argument '${arg}'`)
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (!(FLAGS as readonly string[]).includes(name)) {
      const near = closest(name, FLAGS)
      throw new UsageError(`Unknown flag --${name}${near ? ` (did you mean --${near}?)` : ''}`)
    }
    if (BOOLEAN_FLAGS.includes(name as Flag)) {
      if (inline !== undefined) throw new UsageError(`Flag --${name} takes no value`)
      flags[name as Flag] = 'true'
      continue
    }
    const value = inline ?? argv[++i]
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`Flag --${name} needs a value`)
    }
    flags[name as Flag] = value
  }
  return { help: false, flags }
}

export function resolveStartOptions(flags: Partial<Record<Flag, string>>): EmulatorOptions {
  const options: EmulatorOptions = { host: flags.host ?? '127.0.0.1', port: 4566 }
  if (flags['allow-remote'] !== undefined) options.allowRemote = true
  if (flags.port !== undefined) {
    const port = Number(flags.port)
    if (!/^\d+$/.test(flags.port) || port > 65535)
      throw new UsageError(`--port must be an integer 0-65535, got '${flags.port}'`)
    options.port = port
  }
  if (flags.date !== undefined) options.date = startDate(flags.date)
  if (flags['time-scale'] !== undefined) {
    const scale = Number(flags['time-scale'])
    if (!Number.isFinite(scale) || scale <= 0 || scale > MAX_TIME_SCALE) {
      throw new UsageError(
        `--time-scale must be a positive number up to ${MAX_TIME_SCALE}, got '${flags['time-scale']}'`,
      )
    }
    options.timeScale = scale
  }
  resolveRealismKnobs(flags, options)
  if (flags['audit-window'] !== undefined) {
    const value = flags['audit-window']
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > MAX_AUDIT_WINDOW)
      throw new UsageError(`--audit-window must be a whole number from 1 to ${MAX_AUDIT_WINDOW}, got '${value}'`)
    options.auditWindow = Number(value)
  }
  return options
}

/** --timeline and --faults files; their validators (zod) load only when one is given, to start fast. */
async function loadStartFiles(flags: Partial<Record<Flag, string>>, options: EmulatorOptions): Promise<void> {
  if (flags.timeline !== undefined) {
    const { loadTimelineFile } = await import('./timeline/load.js')
    options.timeline = loadFlagFile('--timeline', () => loadTimelineFile(flags.timeline!))
  }
  if (flags.faults !== undefined) {
    const { loadFaultsFile } = await import('./faults/index.js')
    options.faults = loadFlagFile('--faults', () => loadFaultsFile(flags.faults!))
  }
}

function resolveRealismKnobs(flags: Partial<Record<Flag, string>>, options: EmulatorOptions): void {
  if (flags['max-accounts'] !== undefined) {
    const value = flags['max-accounts']
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new UsageError(
        `--max-accounts must be a whole number of at least 1 (the management account is one), got '${value}'`,
      )
    options.maxAccounts = Number(value)
  }
  const durations: Partial<Durations> = {}
  for (const { flag, field, toMs } of DURATION_FLAGS) {
    const value = flags[flag]
    if (value === undefined) continue
    const amount = Number(value)
    // The same bounds as POST /_emulator/config: a year, or ten minutes for the per-call latency (a timer).
    const max = (field === 'perCallLatencyMs' ? MAX_LATENCY_MS : MAX_DURATION_MS) / toMs
    // Plain decimals only: Number() also reads 0x10 and 1e3, which nobody means as a duration.
    if (!/^\d+(?:\.\d+)?$/.test(value) || amount > max)
      throw new UsageError(`--${flag} must be a number from 0 to ${max}, got '${value}'`)
    durations[field] = amount * toMs
  }
  if (Object.keys(durations).length > 0) options.durations = durations
}

/** An ISO date whose day exists, within the simulated clock's range (as POST /_emulator/clock takes it). */
function startDate(text: string): Date {
  const date = new Date(text)
  if (Number.isNaN(date.getTime()) || !isRealCalendarDay(text))
    throw new UsageError(`--date must be an ISO 8601 date whose day exists, got '${text}'`)
  if (date < CLOCK_MIN || date > CLOCK_MAX)
    throw new UsageError(
      `--date must be from ${CLOCK_MIN.toISOString().slice(0, 10)} to ${CLOCK_MAX.toISOString().slice(0, 10)}, got '${text}'`,
    )
  return date
}

function loadFlagFile<T>(flag: string, load: () => T): T {
  try {
    return load()
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`)
  }
}

export async function emulatorStartCommand(argv: string[], io: CommandIo = process): Promise<number> {
  let options: EmulatorOptions
  let tokenFileFlag: string | undefined
  try {
    const parsed = parseStartArgs(argv)
    if (parsed.help) {
      io.stdout.write(EMULATOR_START_USAGE)
      return 0
    }
    options = resolveStartOptions(parsed.flags)
    await loadStartFiles(parsed.flags, options)
    tokenFileFlag = parsed.flags['token-file']
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.stderr.write(`harness emulator start: ${error.message}\n${EMULATOR_START_USAGE}`)
    return 2
  }
  const pinnedToken = io.env?.HARNESS_EMULATOR_TOKEN
  if (pinnedToken !== undefined && !/^[A-Za-z0-9_-]{16,256}$/.test(pinnedToken)) {
    io.stderr.write('harness emulator start: HARNESS_EMULATOR_TOKEN must be 16-256 characters of A-Z a-z 0-9 _ -\n')
    return 2
  }
  if (pinnedToken) options.controlToken = pinnedToken
  let emulator: Awaited<ReturnType<typeof startEmulator>>
  try {
    emulator = await startEmulator(options)
  } catch (error) {
    if ((error as { code?: unknown }).code === 'NON_LOOPBACK') {
      io.stderr.write(`harness emulator start: ${(error as Error).message}\n`)
      return 2
    }
    io.stderr.write(
      `harness emulator start: cannot listen on ${options.host}:${options.port}: ${(error as Error).message}\n`,
    )
    // Infrastructure, not a regression: exit 1 is reserved for drift.
    return 3
  }
  if (options.allowRemote && !isLoopbackHost(emulator.host)) {
    io.stderr.write(
      `harness emulator start: WARNING: listening on ${emulator.host}, beyond loopback: anyone who can reach this address can call the emulated AWS APIs with its documented test/test credentials\n`,
    )
  }
  let tokenFile: string
  try {
    tokenFile = await writeTokenFile(emulator.controlToken, emulator.port, tokenFileFlag)
  } catch (error) {
    await emulator.stop()
    io.stderr.write(`harness emulator start: cannot write the control token file: ${(error as Error).message}\n`)
    return 3
  }
  io.stdout.write(
    `harness emulator listening on ${emulator.endpoint} (credentials test/test, global STS ${emulator.globalStsEndpoint})\n` +
      `control token: ${emulator.controlToken} (written to ${tokenFile}; send "Authorization: Bearer <token>" with POST /_emulator/*)\n`,
  )
  // Ready first; the services beyond account vending's load now rather than on the first request for one.
  void loadAllServices().catch(() => undefined)
  await waitForSignal()
  await emulator.stop()
  await removeTokenFile(tokenFile)
  return 0
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done)
      process.off('SIGTERM', done)
      resolve()
    }
    process.on('SIGINT', done)
    process.on('SIGTERM', done)
  })
}
