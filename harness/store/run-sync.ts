/**
 * `harness run` with a history store: pull before the run (so baselines see every earlier run, even on
 * a fresh runner), push after it when the run joins the history (release-check.ts). A store that cannot
 * be reached stops the run before an account is created; a push that fails after the run is exit 3, with
 * the reports already written.
 */

import { basename } from 'node:path'
import { describeLocation } from '../config/history-location.js'
import type { ResolvedConfig } from '../config/resolve.js'
import type { HistoryIndex } from './index-file.js'
import { notCreatedYet, pullHistory, pushHistory } from './store.js'

export interface SyncIo {
  info(line: string): void
  cwd: string
}

export async function pullBeforeRun(config: ResolvedConfig, io: SyncIo): Promise<HistoryIndex | undefined> {
  if (!config.history) return undefined
  const pulled = await pullHistory({ location: config.history, reportsDir: config.reportsDir, cwd: io.cwd })
  // A store that is not there yet may be a typo: said, since a check against it compares nothing.
  const missing = pulled.exists ? '' : notCreatedYet(config.history)
  io.info(
    `history ${describeLocation(config.history)}: ${pulled.index.runs.length} run(s) stored, ${pulled.copied} new here${missing}`,
  )
  return pulled.index
}

/**
 * Pushes the run `runId` with every other run (or shard record) of the reports directory the store lacks
 * (one whose push failed earlier is not lost), naming those others: a run made without a store, or a
 * shard kept out with --no-push, joins the history too.
 */
export async function pushAfterRun(config: ResolvedConfig, io: SyncIo, runId: string): Promise<void> {
  if (!config.history) return
  const pushed = await pushHistory({ location: config.history, reportsDir: config.reportsDir, cwd: io.cwd })
  const retried = pushed.attempts > 1 ? ` after ${pushed.attempts} attempts (others pushed too)` : ''
  io.info(`history ${describeLocation(config.history)}: pushed ${pushed.changed.length} file(s)${retried}`)
  const earlier = pushed.changed
    .filter((file) => /^(runs|shards)\//.test(file) && !file.endsWith(`/${runId}.json`))
    .map((file) => basename(file, '.json'))
  if (earlier.length > 0)
    io.info(
      `history: also pushed ${earlier.length} earlier run(s) of ${config.reportsDir} the store lacked: ${earlier.join(', ')}`,
    )
  for (const problem of pushed.skipped) io.info(`history: not pushed: ${problem}`)
}
