/**
 * `harness run` with a history store: pull before the run (so baselines see every earlier run, even on
 * a fresh runner), push after it when the run joins the history (release-check.ts). A store that cannot be reached stops the run before
 * an account is created; a push that fails after the run is exit 3, with the reports already written.
 */

import { describeLocation } from '../config/history-location.js'
import type { ResolvedConfig } from '../config/resolve.js'
import type { HistoryIndex } from './index-file.js'
import { pullHistory, pushHistory } from './store.js'

export interface SyncIo {
  info(line: string): void
  cwd: string
}

export async function pullBeforeRun(config: ResolvedConfig, io: SyncIo): Promise<HistoryIndex | undefined> {
  if (!config.history) return undefined
  const pulled = await pullHistory({ location: config.history, reportsDir: config.reportsDir, cwd: io.cwd })
  io.info(
    `history ${describeLocation(config.history)}: ${pulled.index.runs.length} run(s) stored, ${pulled.copied} new here`,
  )
  return pulled.index
}

export async function pushAfterRun(config: ResolvedConfig, io: SyncIo): Promise<void> {
  if (!config.history) return
  const pushed = await pushHistory({ location: config.history, reportsDir: config.reportsDir, cwd: io.cwd })
  const retried = pushed.attempts > 1 ? ` after ${pushed.attempts} attempts (others pushed too)` : ''
  io.info(`history ${describeLocation(config.history)}: pushed ${pushed.changed.length} file(s)${retried}`)
  for (const problem of pushed.skipped) io.info(`history: not pushed: ${problem}`)
}
