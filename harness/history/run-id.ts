import { randomBytes } from 'node:crypto'
import { join } from 'node:path'

/**
 * `2026-11-22T10-15-03-456Z-ab12cd`: sorts by time, safe as a file name on every OS, unique per run. To the
 * millisecond: two runs started within one second (a release check right after the nightly, a quick
 * retry) must still list in the order they started, and run files are listed by name.
 */
export function newRunId(date: Date = new Date(), suffix: string = randomBytes(3).toString('hex')): string {
  const stamp = date.toISOString().replace('.', '-').replaceAll(':', '-')
  return `${stamp}-${suffix}`
}

/** The token uniqueName() puts in every resource name a run creates: the run id's last 6 letters and digits. */
export function runNameToken(runId: string): string {
  return runId
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6)
    .toLowerCase()
}

/** newRunId's shape (seconds-only ids from before milliseconds too). */
const RUN_ID = /^(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})(?:-(\d{3}))?Z-[0-9a-f]{6}$/

/** An argument that is a run id, not a path. */
export const isRunId = (text: string): boolean => RUN_ID.test(text)

/** When a run started, as its id says; undefined for an id harness did not make. */
export function runStartOf(runId: string): Date | undefined {
  const match = RUN_ID.exec(runId)
  if (!match) return undefined
  const [, day, hours, minutes, seconds, ms] = match
  return new Date(`${day}T${hours}:${minutes}:${seconds}.${ms ?? '000'}Z`)
}

/** A run id's record in the history (`<reports>/runs/<id>.json`). */
export const runFileOf = (reportsDir: string, runId: string): string => join(reportsDir, 'runs', `${runId}.json`)
