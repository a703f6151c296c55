/**
 * What `harness run` does after its reports when a history store is configured: a run that joins the
 * history (a shard, a run in CI, `--push`) is pushed into the store; any other run is a release check:
 * the release-gate line (this run vs the store's last conclusive outcomes, written to
 * <reports>/release-gate.json too), and the store is left unchanged (store/release-check.ts). A run that
 * writes no gate line removes an earlier run's release-gate.json, so no report beside it is stale.
 */
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describeLocation } from '../config/history-location.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { checksDir, writeFileAtomic } from '../history/run-record.js'
import type { RunRecord } from '../history/types.js'
import type { HistoryIndex } from '../store/index-file.js'
import { judgeReleaseGate } from '../store/release-gate.js'
import { pushAfterRun } from '../store/run-sync.js'
import type { Progress } from './progress.js'
import { RELEASE_GATE_FILE } from './release-gate-file.js'

export interface AfterRunInput {
  config: ResolvedConfig
  record: RunRecord
  storeIndex: HistoryIndex | undefined
  /** This run goes into the history store (store/release-check.ts joinsHistory). */
  joins: boolean
  /** `--push` / `--no-push` as given: a run left out only by default says how to push it. */
  pushFlag: boolean | undefined
  progress: Progress
  cwd: string
}

export async function afterStoredRun(input: AfterRunInput): Promise<void> {
  const { config, record, storeIndex, progress } = input
  if (config.history && storeIndex && record.releaseCheck) {
    await writeReleaseGate(config, record, storeIndex, progress)
    // Said either way (QA: a CI release check with --no-push left the store unchanged without a word).
    const why =
      input.pushFlag === false
        ? '--no-push makes this run a release check'
        : "outside CI a run is a release check against the nightly's history"
    progress.info(
      `history ${describeLocation(config.history)}: not pushed: ${why}, kept in ${checksDir(config.reportsDir)} (run with --push to make a run part of the history)`,
    )
    return
  }
  await rm(join(config.reportsDir, RELEASE_GATE_FILE), { force: true })
  if (config.history && input.joins)
    await pushAfterRun(config, { cwd: input.cwd, info: (line) => progress.info(line) }, record.runId)
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
