/**
 * `harness plan --shards N [--json]`: the night's regions split into shards for a CI matrix. Only the
 * shard split for now; the account pool's planner (harness/accounts) can join here later.
 */
import { loadConfig } from '../config/load.js'
import { parseRegionList } from '../config/regions.js'
import { HarnessError } from '../errors.js'
import { actionsMatrix, MAX_SHARDS, splitRegions } from '../plan/shard-split.js'
import { PLAN_HELP } from './help.js'
import type { CliIo } from './io.js'
import { strictParse } from './run-args.js'

const OPTIONS = {
  shards: { type: 'string' },
  region: { type: 'string', multiple: true },
  config: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const

export async function planCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = strictParse(args, OPTIONS, true)
  if (values.help) {
    io.stdout.write(`${PLAN_HELP}\n`)
    return 0
  }
  if (positionals.length > 0)
    throw new HarnessError('USAGE', `harness plan takes no positional arguments (got "${positionals[0]}").`)
  const count = parseShardCount(values.shards)
  const regions = values.region ? parseRegions(values.region) : undefined
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

function parseRegions(values: string[]): string[] {
  const parsed = parseRegionList(values, '--region')
  if (parsed.errors.length > 0 || !parsed.value)
    throw new HarnessError('USAGE', `--region: ${parsed.errors.map((e) => e.message).join('; ')}.`)
  return parsed.value
}
