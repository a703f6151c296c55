/**
 * The runs a report draws and attributes causes over (pure): the dashboard's timeline, the still-denied
 * cause of every reporter and of the follow-ups (open-cause.ts), so all of them agree.
 */
import { compareStartedAt } from './run-record.js'
import { runDate, sameHistory } from './same-history.js'
import type { RunRecord } from './types.js'

/**
 * The current run's history (same-history.ts: target, endpoint, clock), no later than it, in the order of
 * its clock: a replay's nights are the replays, ordered by their simulated dates.
 */
export function windowOf(current: RunRecord, history: readonly RunRecord[], nights: number): RunRecord[] {
  const byId = new Map<string, RunRecord>()
  for (const run of history) {
    if (!sameHistory(run, current)) continue
    if (Date.parse(run.startedAt) <= Date.parse(current.startedAt) && compareRunDates(run, current) <= 0)
      byId.set(run.runId, run)
  }
  byId.set(current.runId, current)
  return [...byId.values()].sort(compareRunDates).slice(-nights)
}

export { runDate }

/** By the date the run saw (its simulated date on a replay), then by when it started. */
const compareRunDates = (a: RunRecord, b: RunRecord): number =>
  Date.parse(runDate(a)) - Date.parse(runDate(b)) || compareStartedAt(a, b)
