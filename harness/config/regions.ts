/** Region lists as users type them: repeatable, comma-separated, or `all` (every commercial region). */

import { closest } from '../closest.js'
import { isKnownRegion, REGIONS } from '../emulator/core/regions.js'
import type { Validated } from './schema.js'

export const ALL_COMMERCIAL_REGIONS: readonly string[] = [...REGIONS.keys()]

/** `ap-esat-1 (did you mean ap-east-1?)`; region names are lower case (`AP-EAST-1` is not one). */
function withSuggestion(name: string): string {
  const near = closest(name, ALL_COMMERCIAL_REGIONS)
  return near ? `${name} (did you mean ${near}?)` : name
}

export function parseRegionList(values: readonly string[], source: string): Validated<string[]> {
  const names = values
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter(Boolean)
  if (names.includes('all')) return { value: [...ALL_COMMERCIAL_REGIONS], errors: [] }
  const unknown = names.filter((name) => !isKnownRegion(name))
  if (unknown.length > 0) {
    // A few names, each cut short: a huge bad value is named, never echoed back whole.
    const shown = unknown
      .slice(0, 5)
      .map((name) => (name.length <= 40 ? withSuggestion(name) : `${name.slice(0, 30)}…`))
    const more = unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''
    return { errors: [{ source, path: 'regions', message: `unknown region(s): ${shown.join(', ')}${more}` }] }
  }
  if (names.length === 0) return { errors: [{ source, path: 'regions', message: 'no region given' }] }
  return { value: [...new Set(names)], errors: [] }
}
