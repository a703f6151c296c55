import { randomBytes } from 'node:crypto'

/** `2026-11-22T10-15-03Z-ab12cd`: sorts by time, safe as a file name on every OS, unique per run. */
export function newRunId(date: Date = new Date(), suffix: string = randomBytes(3).toString('hex')): string {
  const stamp = date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replaceAll(':', '-')
  return `${stamp}-${suffix}`
}
