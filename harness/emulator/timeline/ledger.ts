/**
 * The freshness ledger: per account and region, which calls have succeeded and when first.
 * AccountRecord.usage holds the keys (shared contract); the first-success instants live here,
 * because "never used before the change reached the region" needs them.
 */
import type { AccountRecord } from '../core/state.js'

const firstUses = new WeakMap<AccountRecord, Map<string, Date>>()

/** Ledger keys of a request: `logs:CreateLogGroup`, plus `logs:CreateLogGroup+tags` when it carried tags. */
export function usageKeys(operationKey: string, params: Record<string, unknown>): string[] {
  return requestCarriesTags(params) ? [operationKey, `${operationKey}+tags`] : [operationKey]
}

export function markUsed(account: AccountRecord, region: string, keys: string[], at: Date): void {
  const used = account.usage.get(region) ?? new Set<string>()
  account.usage.set(region, used)
  const times = firstUses.get(account) ?? new Map<string, Date>()
  firstUses.set(account, times)
  for (const key of keys) {
    used.add(key)
    const slot = `${region}|${key}`
    if (!times.has(slot)) times.set(slot, at)
  }
}

/**
 * When the key first succeeded in the region: a Date, 'unknown' when the key is in the ledger
 * without a time (seeded directly by a fixture; treated as long ago), or undefined if never.
 */
export function firstUse(account: AccountRecord, region: string, key: string): Date | 'unknown' | undefined {
  if (!account.usage.get(region)?.has(key)) return undefined
  return firstUses.get(account)?.get(`${region}|${key}`) ?? 'unknown'
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
