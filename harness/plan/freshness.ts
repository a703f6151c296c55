/** Freshness of one account for one (scenario, region), from its used keys. Pure. */

const NIGHT_MS = 24 * 60 * 60_000

export const pairKey = (scenario: string, region: string): string => `${scenario}@${region}`

/** The keys a scenario's run uses in a region: `logs:CreateLogGroup+tags@ca-central-1`. */
export function keysIn(pair: { region: string; operations?: string[] }): string[] {
  return (pair.operations ?? []).map((operation) => `${operation}@${pair.region}`)
}

/**
 * Fresh when the account has used none of the scenario's operations in the region. A scenario that
 * declares no operations is fresh only in a region where the account has used nothing at all.
 */
export function freshFor(used: ReadonlySet<string>, pair: { region: string; operations?: string[] }): boolean {
  if (pair.operations === undefined) {
    const suffix = `@${pair.region}`
    for (const key of used) if (key.endsWith(suffix)) return false
    return true
  }
  return keysIn(pair).every((key) => !used.has(key))
}

/**
 * Nights from `since` (ISO) to `now`, rounded to the nearest night. A fresh test is recorded when its
 * run ends, and the next nightly may start a little earlier in the day (cron and CI queue jitter):
 * counting whole 24-hour periods made a pair tested at 02:20 only 14 nights old at 02:00 fifteen
 * nights later, so it was tested fresh a night late (a 16-night gap for N = 15).
 */
export function nightsBetween(since: string, now: Date): number {
  return Math.round((now.getTime() - Date.parse(since)) / NIGHT_MS)
}
