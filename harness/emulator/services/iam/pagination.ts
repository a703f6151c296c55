/** IAM-style pagination: MaxItems (1–1000, default 100) and an opaque Marker. */
import { invalidInput } from './errors.js'
import { optionalInteger, optionalString } from './params.js'

export interface Page<T> {
  items: T[]
  IsTruncated: boolean
  Marker?: string
}

const encodeMarker = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64')

function decodeMarker(marker: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(marker, 'base64').toString('utf8'))
  if (!match) throw invalidInput('Invalid Marker.')
  return Number(match[1])
}

export function paginate<T>(items: T[], params: Record<string, any>): Page<T> {
  const maxItems = optionalInteger(params, 'MaxItems', { min: 1, max: 1000 }) ?? 100
  const marker = optionalString(params, 'Marker', { min: 1 })
  const start = marker ? decodeMarker(marker) : 0
  const end = start + maxItems
  const page: Page<T> = { items: items.slice(start, end), IsTruncated: end < items.length }
  if (page.IsTruncated) page.Marker = encodeMarker(end)
  return page
}

/** The list output members: `<key>`, IsTruncated and Marker only when truncated. */
export function pageOutput<T>(key: string, page: Page<T>, toWire: (item: T) => unknown = (item) => item) {
  return {
    [key]: page.items.map(toWire),
    IsTruncated: page.IsTruncated,
    ...(page.Marker ? { Marker: page.Marker } : {}),
  }
}
