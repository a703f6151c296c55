import { randomBytes } from 'node:crypto'

/** `2026-11-22T10-15-03Z-ab12cd`: sorts by time, safe as a file name on every OS, unique per run. */
export function newRunId(date: Date = new Date(), suffix: string = randomBytes(3).toString('hex')): string {
  const stamp = date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-')
  return `${stamp}-${suffix}`
}

/** The token uniqueName() puts in every resource name a run creates: the run id's last 6 letters and digits. */
export function runNameToken(runId: string): string {
  return runId
    .replace(/[^a-z0-9]/gi, '')
    .slice(-6)
    .toLowerCase()
}
