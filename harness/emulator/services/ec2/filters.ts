/**
 * EC2 `Filter.N.Name` / `Filter.N.Value.M` matching: values within a filter are ORed, filters are ANDed,
 * `*` and `?` are wildcards, and `tag:<key>`, `tag-key`, `tag-value` work on every taggable resource.
 */
import { AwsError } from '../../core/errors.js'

export interface Filter {
  name: string
  values: string[]
}

/** How one resource answers each filter name it supports. */
export type FilterFields<T> = Record<string, (resource: T) => string | string[] | undefined>

export function readFilters(params: Record<string, any>): Filter[] {
  const raw = params.Filter
  if (raw === undefined || raw === null) return []
  const list: any[] = Array.isArray(raw) ? raw : [raw]
  return list.filter(Boolean).map((entry) => {
    const values = entry.Value === undefined ? [] : Array.isArray(entry.Value) ? entry.Value : [entry.Value]
    return { name: String(entry.Name ?? ''), values: values.map(String) }
  })
}

function wildcardRegExp(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.')
  return new RegExp(`^${escaped}$`)
}

function anyMatches(actual: string | string[] | undefined, patterns: string[]): boolean {
  if (actual === undefined) return false
  const actuals = Array.isArray(actual) ? actual : [actual]
  return patterns.some((pattern) => {
    const regExp = wildcardRegExp(pattern)
    return actuals.some((value) => regExp.test(value))
  })
}

function tagField(tags: Map<string, string>, name: string): string | string[] | undefined {
  if (name === 'tag-key') return [...tags.keys()]
  if (name === 'tag-value') return [...tags.values()]
  if (name.startsWith('tag:')) return tags.get(name.slice(4))
  return undefined
}

function isTagFilter(name: string): boolean {
  return name === 'tag-key' || name === 'tag-value' || name.startsWith('tag:')
}

/** Rejects unknown filter names up front, as EC2 does. */
export function validateFilters<T>(filters: Filter[], fields: FilterFields<T>): void {
  for (const filter of filters) {
    if (!isTagFilter(filter.name) && !(filter.name in fields)) {
      throw new AwsError('InvalidParameterValue', `The filter '${filter.name}' is invalid`)
    }
  }
}

export function matchesFilters<T>(
  resource: T,
  filters: Filter[],
  fields: FilterFields<T>,
  tags: Map<string, string> = new Map(),
): boolean {
  return filters.every((filter) => {
    const actual = isTagFilter(filter.name) ? tagField(tags, filter.name) : fields[filter.name]?.(resource)
    return anyMatches(actual, filter.values)
  })
}

export function applyFilters<T>(
  resources: T[],
  params: Record<string, any>,
  fields: FilterFields<T>,
  tagsOf: (resource: T) => Map<string, string> = () => new Map(),
): T[] {
  const filters = readFilters(params)
  validateFilters(filters, fields)
  return resources.filter((resource) => matchesFilters(resource, filters, fields, tagsOf(resource)))
}
