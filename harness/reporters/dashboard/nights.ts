/** The nights the dashboard shows: the last N comparable runs up to the current one, oldest first (pure). */
import { runDate } from '../../history/run-window.js'
import type { RunRecord } from '../../history/types.js'
import type { Night } from './types.js'

export const DEFAULT_NIGHTS = 90

export function nightOf(run: RunRecord): Night {
  return {
    runId: run.runId,
    startedAt: run.startedAt,
    date: runDate(run),
    freshness: run.account.fresh ? 'fresh' : 'seasoned',
    policyHash: run.policyHash,
  }
}

/** Days already worked out: the page asks for the same nights' dates for every step × region. */
const days = new Map<string, string>()

/** `2022-11-10` from any ISO date-time. */
export function day(iso: string): string {
  let text = days.get(iso)
  if (text === undefined) {
    text = Number.isNaN(Date.parse(iso)) ? iso : new Date(iso).toISOString().slice(0, 10)
    if (days.size >= 10_000) days.clear()
    days.set(iso, text)
  }
  return text
}

/** Each night's date as a number, parsed once per window (strips ask for every step × region). */
const timesOf = new WeakMap<readonly Night[], number[]>()

/** The first night on or after a date; undefined when the date is outside the window. */
export function nightIndexAt(nights: readonly Night[], date: string): number | undefined {
  const at = Date.parse(date)
  if (nights.length === 0 || Number.isNaN(at)) return undefined
  let times = timesOf.get(nights)
  if (!times) {
    times = nights.map((night) => Date.parse(night.date))
    timesOf.set(nights, times)
  }
  if (at < times[0]!) return undefined
  const index = times.findIndex((time) => time >= at)
  return index === -1 ? undefined : index
}
