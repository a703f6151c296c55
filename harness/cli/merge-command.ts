/**
 * `harness merge`: the shard records of one night → one run record, one drift report and every report
 * file, as a single run over all regions would have written them; then the merged run is pushed to the
 * history store. Exit codes follow `harness run` (a missing shard makes the night incomplete: 4).
 */
import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { loadConfig } from '../config/load.js'
import { HarnessError } from '../errors.js'
import { listRunRecords, readRunRecord, writeRunRecord } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'
import { mergeShardRecords } from '../plan/merge-shards.js'
import { type ShardPlan, splitRegions } from '../plan/shard-split.js'
import { compareAndReport } from '../reporters/commands.js'
import { ensureReportsDir } from '../runtime/reports-dir.js'
import { shardFilesIn } from '../store/dir-store.js'
import { pushAfterRun } from '../store/run-sync.js'
import { shardOf } from '../store/shard-tag.js'
import { pullHistory, storeDirOf } from '../store/store.js'
import { MERGE_HELP } from './help.js'
import { type CliIo, outputStyle } from './io.js'
import { isShardGroupId, needsHistoryStore, strictParse } from './run-args.js'
import { exitAfterStoreFailure, runVerdict } from './run-verdict.js'

const OPTIONS = {
  'shard-group': { type: 'string' },
  plan: { type: 'string' },
  history: { type: 'string' },
  'no-push': { type: 'boolean' },
  'reports-dir': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

export async function mergeCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = strictParse(args, OPTIONS, true)
  if (values.help) {
    io.stdout.write(`${MERGE_HELP}\n`)
    return 0
  }
  const group = values['shard-group']
  if (!group) throw new HarnessError('USAGE', 'harness merge needs --shard-group <id> (the one every shard ran with).')
  if (!isShardGroupId(group))
    throw new HarnessError(
      'USAGE',
      `--shard-group must be letters, digits, ".", "_", "-" (up to 100), as harness run --shard-group takes it, got "${group}".`,
    )
  const planFromFile = values.plan ? await readPlan(values.plan) : undefined
  const flags = { history: values.history, reportsDir: values['reports-dir'] }
  const config = await loadConfig({ cwd: io.cwd, env: io.env, configFile: values.config, flags })
  if (values['no-push'] && !config.history) throw needsHistoryStore('--no-push')
  const files = await Promise.all(positionals.map((file) => readRunRecord(file)))
  await ensureReportsDir(config.reportsDir)
  const context = config.history ? { location: config.history, reportsDir: config.reportsDir, cwd: io.cwd } : undefined
  if (context) await pullHistory(context)
  const stored = context ? await Promise.all((await shardFilesIn(storeDirOf(context), group)).map(readRunRecord)) : []
  const shards = uniqueRuns([...files, ...stored])
  const count = shards.map((record) => shardOf(record)?.count).find((n) => n !== undefined)
  const plan = planFromFile ?? splitRegions(config.regions, count ?? 1)
  const { record, missing } = mergeShardRecords(group, shards, plan)
  const write = (text: string) => io.stdout.write(text)
  write(`merging ${shards.length} shard record(s) of group ${group} into run ${record.runId}\n`)
  if (missing.length > 0)
    io.stderr.write(`harness: warning: shard(s) ${missing.join(', ')} did not report; their regions are inconclusive\n`)
  await writeRunRecord(config.reportsDir, record)
  const listing = await listRunRecords(config.reportsDir)
  // Shard records are parts of this very run, never its baseline.
  const runs = listing.runs.filter(({ record: run }) => !shardOf(run) && run.runId !== record.runId)
  const { report } = await compareAndReport(
    { reportsDir: config.reportsDir, current: record, runs },
    { stdout: write, stderr: (text) => io.stderr.write(text), color: outputStyle(io).color },
  )
  const verdict = runVerdict(report, record)
  if (verdict.message) io.stderr.write(`harness: ${verdict.message}\n`)
  if (config.history && !values['no-push'])
    try {
      await pushAfterRun(config, { cwd: io.cwd, info: (line) => write(`${line}\n`) }, record.runId)
    } catch (error) {
      return exitAfterStoreFailure(error, verdict, (text) => io.stderr.write(text))
    }
  return verdict.code
}

const uniqueRuns = (records: RunRecord[]): RunRecord[] => [...new Map(records.map((r) => [r.runId, r])).values()]

const planSchema = z.object({
  regions: z.array(z.string()).min(1),
  shards: z
    .array(
      z.object({
        index: z.number().int().min(1),
        count: z.number().int().min(1),
        id: z.string(),
        regions: z.array(z.string()),
      }),
    )
    .min(1),
})

async function readPlan(file: string): Promise<ShardPlan> {
  const fail = (problem: string) =>
    new HarnessError('USAGE', `--plan ${file}: ${problem} (write it with harness plan --shards <n> --json).`)
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw fail(error.code === 'ENOENT' ? 'file not found' : `cannot read it (${error.code})`)
  })
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw fail('not JSON')
  }
  const parsed = planSchema.safeParse(data)
  if (!parsed.success)
    throw fail(`not a shard plan: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`)
  return parsed.data
}
