/**
 * The request context as conditions and policy variables read it: keys lower-cased (IAM matches condition
 * keys case-insensitively), every value a string, multi-valued keys remembered as such.
 */
import type { RequestContextValues } from './types.js'

export interface ContextEntry {
  values: string[]
  multiValued: boolean
}

export type NormalizedContext = Map<string, ContextEntry>

function asString(value: string | boolean | number | Date): string {
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

export function normalizeContext(
  context: RequestContextValues | undefined,
  implied: Record<string, string | undefined> = {},
): NormalizedContext {
  const normalized: NormalizedContext = new Map()
  for (const [key, value] of Object.entries(implied)) {
    if (value !== undefined) normalized.set(key.toLowerCase(), { values: [value], multiValued: false })
  }
  if (!context) return normalized
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue
    if (Array.isArray(value)) normalized.set(key.toLowerCase(), { values: value.map(asString), multiValued: true })
    else normalized.set(key.toLowerCase(), { values: [asString(value)], multiValued: false })
  }
  return normalized
}

/** Policy variables resolve only from single-valued keys; a multi-valued key can't be substituted. */
export function createResolver(context: NormalizedContext): (key: string) => string | undefined {
  return (key) => {
    const entry = context.get(key.toLowerCase())
    if (!entry || entry.multiValued || entry.values.length !== 1) return undefined
    return entry.values[0]
  }
}
