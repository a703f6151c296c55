/**
 * `harness sweep [--yes]`: lists (default) or removes what earlier runs left behind, from the run
 * journals in the reports directory. Exit 0 when nothing is left (or in a dry run), 3 when --yes
 * could not remove everything.
 */
import { loadConfig } from '../config/load.js'
import { HarnessError } from '../errors.js'
import { SWEEP_HELP } from './help.js'
import type { CliIo } from './io.js'
import { strictParse } from './run-args.js'

const OPTIONS = {
  yes: { type: 'boolean' },
  'reports-dir': { type: 'string' },
  config: { type: 'string' },
  target: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export async function sweepCommand(args: string[], io: CliIo, signal: AbortSignal): Promise<number> {
  const { values } = strictParse(args, OPTIONS, false)
  if (values.help) {
    io.stdout.write(`${SWEEP_HELP}\n`)
    return 0
  }
  const target = readTarget(values.target)
  const flags = {
    ...(values['reports-dir'] ? { reportsDir: values['reports-dir'] } : {}),
    ...(target ? { target } : {}),
  }
  const config = await loadConfig({ cwd: io.cwd, env: io.env, configFile: values.config, flags })
  const say = (line: string) => io.stdout.write(`${line}\n`)
  const external = io.env.HARNESS_EMULATOR_ENDPOINT
  if (config.target === 'local' && !external) {
    say('sweep: the embedded emulator keeps no state after a run; set HARNESS_EMULATOR_ENDPOINT to sweep a running one')
    return 0
  }
  const [{ connectTarget }, { connectExternalEmulator }, { sweep }] = await Promise.all([
    import('../runtime/provision.js'),
    import('../runtime/local-emulator.js'),
    import('../sweep/sweep.js'),
  ])
  const emulator = external && config.target === 'local' ? await connectExternalEmulator(external) : undefined
  const connected = await connectTarget(config, emulator)
  const yes = values.yes === true
  if (!yes) say('sweep: dry run — listing only; run `harness sweep --yes` to remove what is listed')
  const result = await sweep({
    target: connected,
    reportsDir: config.reportsDir,
    yes,
    say,
    signal,
    naming: config.accounts,
  })
  if (yes && result.problems.length > 0)
    throw new HarnessError('SWEEP_INCOMPLETE', `sweep left ${result.problems.length} thing(s) behind (listed above)`)
  return 0
}

function readTarget(value: string | undefined): 'local' | 'aws' | undefined {
  if (value === undefined || value === 'local' || value === 'aws') return value
  throw new HarnessError('USAGE', `--target must be local or aws, got "${value}".`)
}
