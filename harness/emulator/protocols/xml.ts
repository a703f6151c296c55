/** A small XML writer for query and ec2Query responses: arrays become <member>/<item> lists. */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' }

const NEEDS_ESCAPE = /[&<>\r]/

/** Escapes text content (AWS leaves quotes in text unescaped). */
export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>\r]/g, (ch) => ESCAPES[ch]!) : text
}

function scalarText(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  return escapeXml(String(value))
}

/** A map member as awsQuery writes maps (SNS Attributes): `<entry><key>k</key><value>v</value></entry>` per pair. */
export class XmlMap {
  constructor(readonly entries: Readonly<Record<string, string>>) {}
}

/** A list whose items have their own element name (S3: `<Buckets><Bucket>…</Bucket></Buckets>`). */
export class XmlList {
  constructor(
    readonly itemName: string,
    readonly items: readonly unknown[],
  ) {}
}

/** The XML for one value: objects become child elements, arrays become repeated `itemTag` elements. */
export function toXml(value: unknown, itemTag: 'member' | 'item'): string {
  if (value === undefined || value === null) return ''
  if (typeof value !== 'object') return scalarText(value)
  if (value instanceof Date) return value.toISOString()
  if (value instanceof XmlMap) {
    let out = ''
    for (const [key, entry] of Object.entries(value.entries)) {
      out += `<entry><key>${escapeXml(key)}</key><value>${escapeXml(entry)}</value></entry>`
    }
    return out
  }
  if (value instanceof XmlList) {
    let out = ''
    for (const item of value.items) out += `<${value.itemName}>${toXml(item, itemTag)}</${value.itemName}>`
    return out
  }
  if (Array.isArray(value)) {
    let out = ''
    for (const item of value) out += `<${itemTag}>${toXml(item, itemTag)}</${itemTag}>`
    return out
  }
  let out = ''
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const child = record[key]
    if (child === undefined || child === null) continue
    out += `<${key}>${toXml(child, itemTag)}</${key}>`
  }
  return out
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
