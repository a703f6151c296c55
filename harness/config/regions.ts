/** Region lists as users type them: repeatable, comma-separated, or `all` (every commercial region). */
import { isKnownRegion, REGIONS } from '../emulator/core/regions.js'
import type { Validated } from './schema.js'

export const ALL_COMMERCIAL_REGIONS: readonly string[] = [...REGIONS.keys()]

export function parseRegionList(values: readonly string[], source: string): Validated<string[]> {
  const names = values
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter(Boolean)
  if (names.includes('all')) return { value: [...ALL_COMMERCIAL_REGIONS], errors: [] }
  const unknown = names.filter((name) => !isKnownRegion(name))
  if (unknown.length > 0) {
    // A few names, each cut short: a huge bad value is named, never echoed back whole.
    const shown = unknown.slice(0, 5).map((name) => (name.length <= 40 ? name : `${name.slice(0, 30)}…`))
    const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''
    return { errors: [{ source, path: 'regions', message: `unknown region(s): ${shown.join(', ')}${more}` }] }
  }
  if (names.length === 0) return { errors: [{ source, path: 'regions', message: 'no region given' }] }
  return { value: [...new Set(names)], errors: [] }
}
