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

/** Whole nights from `since` (ISO) to `now`. */
export function nightsBetween(since: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(since)) / NIGHT_MS)
}
