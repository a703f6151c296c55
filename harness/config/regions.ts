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
    return { errors: [{ source, path: 'regions', message: `unknown region(s): ${unknown.join(', ')}` }] }
  }
  if (names.length === 0) return { errors: [{ source, path: 'regions', message: 'no region given' }] }
  return { value: [...new Set(names)], errors: [] }
}
