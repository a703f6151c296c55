/**
 * `harness summary`: drift.md made fit for $GITHUB_STEP_SUMMARY (clean regions collapsed to their verdict
 * line, never over GitHub's 1 MiB limit). Prints to stdout, or appends to --append <file>.
 */
import { appendFile, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderStepSummary, SUMMARY_LIMIT_BYTES } from '../ci/step-summary.js'
import { loadConfig } from '../config/load.js'
import { HarnessError } from '../errors.js'
import { SUMMARY_HELP } from './help.js'
import type { CliIo } from './io.js'
import { strictParse } from './run-args.js'

const OPTIONS = {
  append: { type: 'string' },
  'reports-dir': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export async function summaryCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = strictParse(args, OPTIONS, true)
  if (values.help) {
    io.stdout.write(`${SUMMARY_HELP}\n`)
    return 0
  }
  if (positionals.length > 0)
    throw new HarnessError('USAGE', `harness summary takes no positional arguments (got "${positionals[0]}").`)
  const flags = values['reports-dir'] ? { reportsDir: values['reports-dir'] } : {}
  const { reportsDir } = await loadConfig({ cwd: io.cwd, env: io.env, configFile: values.config, flags })
  const markdown = await readReport(join(reportsDir, 'drift.md'))
  const drift = JSON.parse(await readReport(join(reportsDir, 'drift.json'))) as { regions?: unknown }
  const regions = Array.isArray(drift.regions) ? (drift.regions as Array<{ region: string; status: string }>) : []
  const summary = renderStepSummary(markdown, regions, SUMMARY_LIMIT_BYTES)
  if (values.append) await appendFile(values.append, summary)
  else io.stdout.write(summary)
  return 0
}

async function readReport(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new HarnessError(
      'USAGE',
      `${file}: ${error.code === 'ENOENT' ? 'not found (run harness run or harness merge first)' : `cannot read it (${error.code})`}.`,
    )
  })
}
