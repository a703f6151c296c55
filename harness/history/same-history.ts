/**
 * Which runs share a history (pure): the same target and endpoint (another endpoint is another world),
 * on the same clock. A replay (`--emulator-date`) sees AWS as it was on its simulated date, so it is never
 * a baseline of a run on today's clock, nor one of those a replay's (the README's quickstart run, then its
 * 2022 replay, in one reports directory). Baselines, "since", the last fresh tests, the history index's
 * classes and the dashboard's timeline all draw on one history.
 */
import type { RunRecord } from './types.js'

type HistoryKeys = Pick<RunRecord, 'target' | 'endpoint' | 'emulatorDate'>

export const isReplay = (run: Pick<RunRecord, 'emulatorDate'>): boolean => run.emulatorDate !== undefined

/** One string per history: the history index's group key. */
export const historyKeyOf = (run: HistoryKeys): string =>
  `${run.target}\u0000${run.endpoint}${isReplay(run) ? '\u0000replay' : ''}`

export const sameHistory = (a: HistoryKeys, b: HistoryKeys): boolean => historyKeyOf(a) === historyKeyOf(b)

/** The date a run saw: its simulated date on a replay, else when it started. Within one history, comparable. */
export const runDate = (run: Pick<RunRecord, 'emulatorDate' | 'startedAt'>): string => run.emulatorDate ?? run.startedAt
