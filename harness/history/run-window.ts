/**
 * The runs a report draws and attributes causes over (pure): the dashboard's timeline, the still-denied
 * cause of every reporter and of the follow-ups (open-cause.ts), so all of them agree.
 */
import { compareStartedAt } from './run-record.js'
import type { RunRecord } from './types.js'

/**
 * Same target and endpoint as the current run (another endpoint is another world), on the same clock, no
 * later than it, in the order of that clock. A replay (`--emulator-date`) and runs on today's clock are two
 * timelines one axis cannot hold (the README's quickstart run, then its 2022 replay, in one reports
 * directory): a replay's nights are the replays, ordered by their simulated dates.
 */
export function windowOf(current: RunRecord, history: readonly RunRecord[], nights: number): RunRecord[] {
  const byId = new Map<string, RunRecord>()
  const replay = current.emulatorDate !== undefined
  for (const run of history) {
    if (run.target !== current.target || run.endpoint !== current.endpoint) continue
    if ((run.emulatorDate !== undefined) !== replay) continue
    if (Date.parse(run.startedAt) <= Date.parse(current.startedAt) && compareRunDates(run, current) <= 0)
      byId.set(run.runId, run)
  }
  byId.set(current.runId, current)
  return [...byId.values()].sort(compareRunDates).slice(-nights)
}

export const runDate = (run: Pick<RunRecord, 'emulatorDate' | 'startedAt'>): string => run.emulatorDate ?? run.startedAt

/** By the date the run saw (its simulated date on a replay), then by when it started. */
const compareRunDates = (a: RunRecord, b: RunRecord): number =>
  Date.parse(runDate(a)) - Date.parse(runDate(b)) || compareStartedAt(a, b)
