/**
 * The request context as conditions and policy variables read it: keys matched case-insensitively (as IAM
 * does), every value a string, multi-valued keys remembered as such. Built lazily: a request carries many
 * keys and a policy reads few, so values are converted only when a condition or variable asks for them.
 */
import type { RequestContextValues } from './types.js'

export interface ContextEntry {
  values: string[]
  multiValued: boolean
}

export interface NormalizedContext {
  /** Looks up a lower-cased key. */
  get(key: string): ContextEntry | undefined
}

type ContextValue = RequestContextValues[string]

function asString(value: string | boolean | number | Date): string {
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

function toEntry(value: ContextValue): ContextEntry | undefined {
  if (value === undefined) return undefined
  if (Array.isArray(value)) return { values: value.map(asString), multiValued: true }
  return { values: [asString(value)], multiValued: false }
}

function lowerCaseIndex(context: RequestContextValues | undefined): Map<string, string> {
  const index = new Map<string, string>()
  for (const key in context) index.set(key.toLowerCase(), key)
  return index
}

/** `implied` holds keys derived from the caller (aws:PrincipalArn…); request.context overrides them. */
export function normalizeContext(
  context: RequestContextValues | undefined,
  implied: Record<string, string | undefined> = {},
): NormalizedContext {
  let index: Map<string, string> | undefined
  let impliedIndex: Map<string, string> | undefined
  const entries = new Map<string, ContextEntry | undefined>()
  return {
    get(key) {
      if (entries.has(key)) return entries.get(key)
      index ??= lowerCaseIndex(context)
      const original = index.get(key)
      let entry = original !== undefined ? toEntry(context?.[original]) : undefined
      if (!entry) {
        impliedIndex ??= lowerCaseIndex(implied)
        const impliedKey = impliedIndex.get(key)
        entry = impliedKey !== undefined ? toEntry(implied[impliedKey]) : undefined
      }
      entries.set(key, entry)
      return entry
    },
  }
}

/** Policy variables resolve only from single-valued keys; a multi-valued key can't be substituted. */
export function createResolver(context: NormalizedContext): (key: string) => string | undefined {
  return (key) => {
    const entry = context.get(key.toLowerCase())
    if (!entry || entry.multiValued || entry.values.length !== 1) return undefined
    return entry.values[0]
  }
}
