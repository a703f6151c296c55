/**
 * `harness history pull|push|list`: the history store by hand (a laptop pulling the nightly's runs,
 * a re-push after a failed one, what the store holds). The store comes from --history, else
 * HARNESS_HISTORY, else `history` in the config.
 */

import { describeLocation } from '../config/history-location.js'
import { loadConfig } from '../config/load.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { HarnessError } from '../errors.js'
import type { HistoryIndex } from '../store/index-file.js'
import { formatAge } from '../store/release-gate-line.js'
import { notCreatedYet, pullHistory, pushHistory, readStoreIndex, type StoreContext } from '../store/store.js'
import { HISTORY_HELP } from './help.js'
import type { CliIo } from './io.js'
import { strictParse } from './run-args.js'

const OPTIONS = {
  history: { type: 'string' },
  'reports-dir': { type: 'string' },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

type Verb = 'pull' | 'push' | 'list'
const VERBS: readonly Verb[] = ['pull', 'push', 'list']

export async function historyCommand(args: string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = args
  if (verb === undefined || verb === '--help' || verb === '-h') {
    io.stdout.write(`${HISTORY_HELP}\n`)
    return verb === undefined ? 2 : 0
  }
  if (!VERBS.includes(verb as Verb))
    throw new HarnessError('USAGE', `Unknown command "harness history ${verb}". Try: harness history pull|push|list.`)
  const { values, positionals } = strictParse(rest, OPTIONS, true)
  if (values.help) {
    io.stdout.write(`${HISTORY_HELP}\n`)
    return 0
  }
  if (positionals.length > 0)
    throw new HarnessError('USAGE', `harness history ${verb} takes no positional arguments (got "${positionals[0]}").`)
  const config = await loadConfig({
    cwd: io.cwd,
    env: io.env,
    configFile: values.config,
    flags: { history: values.history, reportsDir: values['reports-dir'] },
  })
  const context = storeContext(config, io.cwd)
  const where = describeLocation(context.location)
  if (verb === 'pull') {
    const pulled = await pullHistory(context)
    io.stdout.write(
      `pulled ${where}: ${pulled.index.runs.length} run(s) stored, ${pulled.copied} copied into ${config.reportsDir}${pulled.exists ? '' : notCreatedYet(context.location)}\n`,
    )
  } else if (verb === 'push') {
    const pushed = await pushHistory(context)
    for (const problem of pushed.skipped) io.stderr.write(`warning: not pushed: ${problem}\n`)
    io.stdout.write(
      `pushed to ${where}: ${pushed.changed.length} file(s)${pushed.changed.map((f) => `\n  ${f}`).join('')}\n`,
    )
  } else {
    const index = await readStoreIndex(context)
    io.stdout.write(values.json ? `${JSON.stringify(index.runs, null, 2)}\n` : renderList(index, where, new Date()))
  }
  return 0
}

function storeContext(config: ResolvedConfig, cwd: string): StoreContext {
  if (!config.history)
    throw new HarnessError(
      'USAGE',
      'no history store configured: pass --history git:<remote>#<branch> (or a directory), set HARNESS_HISTORY, or set `history` in harness.config.ts.',
    )
  return { location: config.history, reportsDir: config.reportsDir, cwd }
}

export function renderList(index: HistoryIndex, where: string, now: Date): string {
  if (index.runs.length === 0) return `${where}: no runs stored yet\n`
  const lines = index.runs.map((run) => {
    const age = formatAge((now.getTime() - Date.parse(run.finishedAt)) / 3_600_000)
    const counts = `${run.allowed} allowed, ${run.denied} denied, ${run.inconclusive} inconclusive`
    return `${run.runId}  ${age.padStart(4)} ago  ${run.target}/${run.endpoint}${run.fresh ? '' : ' (reused account)'}  ${run.regions.join(',')}  ${counts}`
  })
  return `${where}: ${index.runs.length} run(s), oldest first\n${lines.join('\n')}\n`
}
