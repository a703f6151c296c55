/**
 * `harness diff <old-run> <new-run>` and `harness report [<run>]`: flags parsed here, the work in
 * reporters/commands.ts. The reports directory comes from --reports-dir, else the config/env.
 */
import { existsSync } from 'node:fs'
import { loadConfig } from '../config/load.js'
import { HarnessError } from '../errors.js'
import { storedRunPath } from '../history/run-record.js'
import { diffCommand, type CommandIo as HistoryIo, looksLikePath, reportCommand } from '../reporters/commands.js'
import { DIFF_HELP, REPORT_HELP } from './help.js'
import { type CliIo, outputStyle } from './io.js'
import { quoteValue, rejectEmptyValues, strictParse } from './run-args.js'

const COMMON = {
  'reports-dir': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

function historyIo(io: CliIo): HistoryIo {
  return { stdout: (t) => io.stdout.write(t), stderr: (t) => io.stderr.write(t), color: outputStyle(io).color }
}

/**
 * The reports directory to read; one that does not exist is refused before anything is written there,
 * unless `mayCreate` (a run file named: its reports are written beside the others, in a new directory).
 */
async function reportsDirOf(
  io: CliIo,
  values: { 'reports-dir'?: string; config?: string },
  mayCreate = false,
): Promise<string> {
  const flags = values['reports-dir'] ? { reportsDir: values['reports-dir'] } : {}
  const { reportsDir } = await loadConfig({ cwd: io.cwd, env: io.env, configFile: values.config, flags })
  if (!mayCreate && !existsSync(reportsDir))
    throw new HarnessError(
      'USAGE',
      `the reports directory ${reportsDir} does not exist${values['reports-dir'] ? ' (--reports-dir)' : ''}: run \`harness run\` first, or name the directory it wrote to.`,
    )
  return reportsDir
}

export async function diff(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = strictParse(args, { ...COMMON, format: { type: 'string' } }, true)
  rejectEmptyValues(values, ['reports-dir', 'config', 'format'])
  if (values.help) {
    io.stdout.write(`${DIFF_HELP}\n`)
    return 0
  }
  const [oldRef, newRef, extra] = positionals
  if (!oldRef || !newRef || extra)
    throw new HarnessError('USAGE', 'harness diff needs exactly two runs (ids or files): <old-run> <new-run>.')
  const format = values.format ?? 'text'
  if (format !== 'text' && format !== 'json' && format !== 'markdown') {
    throw new HarnessError('USAGE', `--format must be text, json or markdown, got ${quoteValue(format)}.`)
  }
  // Resolved (the config loaded) once, and only when a flag or a run id needs it.
  let resolved: Promise<string> | undefined
  const storedRunsDir = () => (resolved ??= reportsDirOf(io, values))
  const reportsDir = values['reports-dir'] ? await storedRunsDir() : undefined
  // A run id, as `harness report` takes, names a record in the reports directory (the config's by default).
  const fileOf = async (ref: string) => (looksLikePath(ref) ? ref : storedRunPath(await storedRunsDir(), ref))
  const [oldRun, newRun] = [await fileOf(oldRef), await fileOf(newRef)]
  return diffCommand({ oldRun, newRun, reportsDir, format }, historyIo(io))
}

export async function report(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = strictParse(
    args,
    { ...COMMON, dashboard: { type: 'boolean' }, nights: { type: 'string' } },
    true,
  )
  rejectEmptyValues(values, ['reports-dir', 'config', 'nights'])
  if (values.help) {
    io.stdout.write(`${REPORT_HELP}\n`)
    return 0
  }
  if (positionals.length > 1) throw new HarnessError('USAGE', 'harness report takes at most one run (id or file).')
  const nights = values.nights === undefined ? undefined : parseNights(values.nights)
  return reportCommand(
    {
      run: positionals[0],
      reportsDir: await reportsDirOf(io, values, positionals[0] !== undefined && looksLikePath(positionals[0])),
      dashboardOnly: values.dashboard === true,
      ...(nights ? { nights } : {}),
    },
    historyIo(io),
  )
}

/** A year of nightly runs is 365; ten years is the most a timeline is asked to draw. */
const MAX_NIGHTS = 3650

function parseNights(value: string): number {
  const nights = /^\d+$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isInteger(nights) || nights < 1 || nights > MAX_NIGHTS)
    throw new HarnessError(
      'USAGE',
      `--nights must be a whole number from 1 to ${MAX_NIGHTS}, got ${quoteValue(value)}.`,
    )
  return nights
}
