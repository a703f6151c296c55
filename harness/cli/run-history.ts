/**
 * What `harness run` does after its reports when a history store is configured: the release-gate line
 * (this run vs the store's last conclusive outcomes, written to <reports>/release-gate.json too), then
 * the push of this run into the store unless --no-push.
 */
import { join } from 'node:path'
import type { ResolvedConfig } from '../config/resolve.js'
import { writeFileAtomic } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'
import type { HistoryIndex } from '../store/index-file.js'
import { judgeReleaseGate } from '../store/release-gate.js'
import { pushAfterRun } from '../store/run-sync.js'
import { shardOf } from '../store/shard-tag.js'
import type { Progress } from './progress.js'

export interface AfterRunInput {
  config: ResolvedConfig
  record: RunRecord
  storeIndex: HistoryIndex | undefined
  noPush: boolean
  progress: Progress
  cwd: string
}

export const RELEASE_GATE_FILE = 'release-gate.json'

export async function afterStoredRun(input: AfterRunInput): Promise<void> {
  const { config, record, storeIndex, progress } = input
  if (!config.history || !storeIndex) return
  // A shard is part of a nightly, not a release check: its gate line would only be noise in the nightly's log.
  if (!shardOf(record)) await writeReleaseGate(config, record, storeIndex, progress)
  if (!input.noPush) await pushAfterRun(config, { cwd: input.cwd, info: (line) => progress.info(line) })
}

/** This run against the store's nightly, as one line and in <reports>/release-gate.json. */
async function writeReleaseGate(
  config: ResolvedConfig,
  record: RunRecord,
  storeIndex: HistoryIndex,
  progress: Progress,
): Promise<void> {
  const gate = judgeReleaseGate(storeIndex, record, new Date(), config.releaseGate.maxBaselineAgeHours)
  progress.info(gate.line)
  if (gate.warning) progress.warn(gate.warning)
  const { steps, ...summary } = gate
  await writeFileAtomic(
    join(config.reportsDir, RELEASE_GATE_FILE),
    `${JSON.stringify({ ...summary, runId: record.runId, steps }, null, 2)}\n`,
  )
}
