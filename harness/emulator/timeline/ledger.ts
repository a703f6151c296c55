/**
 * The freshness ledger: per account and region, which calls have succeeded and when first.
 * AccountRecord.usage holds the keys (shared contract); the first-success instants live here,
 * because "never used before the change reached the region" needs them.
 */
import type { AccountRecord } from '../core/state.js'

/** Per account, region → ledger key → first success (nested, so a lookup builds no `region|key` text). */
const firstUses = new WeakMap<AccountRecord, Map<string, Map<string, Date>>>()

/** Ledger keys of a request: `logs:CreateLogGroup`, plus `logs:CreateLogGroup+tags` when it carried tags. */
export function usageKeys(operationKey: string, params: Record<string, unknown>): string[] {
  return requestCarriesTags(params) ? [operationKey, `${operationKey}+tags`] : [operationKey]
}

export function markUsed(account: AccountRecord, region: string, keys: string[], at: Date): void {
  let used = account.usage.get(region)
  if (!used) {
    used = new Set<string>()
    account.usage.set(region, used)
  }
  let regions = firstUses.get(account)
  if (!regions) {
    regions = new Map()
    firstUses.set(account, regions)
  }
  let times = regions.get(region)
  if (!times) {
    times = new Map()
    regions.set(region, times)
  }
  for (const key of keys) {
    used.add(key)
    if (!times.has(key)) times.set(key, at)
  }
}

/**
 * When the key first succeeded in the region: a Date, 'unknown' when the key is in the ledger
 * without a time (seeded directly by a fixture; treated as long ago), or undefined if never.
 */
export function firstUse(account: AccountRecord, region: string, key: string): Date | 'unknown' | undefined {
  if (!account.usage.get(region)?.has(key)) return undefined
  return firstUses.get(account)?.get(region)?.get(key) ?? 'unknown'
}

/** Tags in any of the shapes the emulated APIs take them: Logs `tags` map, `Tags` list, EC2 TagSpecification(s). */
export function requestCarriesTags(params: Record<string, unknown>): boolean {
  if (nonEmpty(params['tags']) || nonEmpty(params['Tags'])) return true
  for (const key of ['TagSpecification', 'TagSpecifications']) {
    const specs = params[key]
    if (Array.isArray(specs) && specs.some((spec) => nonEmpty(spec?.Tag) || nonEmpty(spec?.Tags))) return true
  }
  return false
}

function nonEmpty(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0
  if (value && typeof value === 'object') return Object.keys(value).length > 0
  return false
}
