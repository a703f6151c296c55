/** JSON bodies as AWS JSON protocols write them: Dates become epoch seconds. */
import { AwsError } from '../core/errors.js'
import { wrongTypeMessage } from '../core/wire-types.js'

export function stringifyAwsJson(value: unknown): string {
  // A replacer function would run for every member of every response; copying only the objects on the
  // way to a Date lets JSON.stringify run natively.
  return JSON.stringify(withEpochSeconds(value ?? {}))
}

/** `value` with every Date as epoch seconds: the same object when it holds no Date, else a copy of the path to each. */
function withEpochSeconds(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  if (value instanceof Date) return value.getTime() / 1000
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return withEpochSeconds((value as { toJSON(): unknown }).toJSON())
  }
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined
    for (let index = 0; index < value.length; index++) {
      const converted = withEpochSeconds(value[index])
      if (converted === value[index]) continue
      copy ??= value.slice()
      copy[index] = converted
    }
    return copy ?? value
  }
  let copy: Record<string, unknown> | undefined
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const converted = withEpochSeconds(record[key])
    if (converted === record[key]) continue
    copy ??= { ...record }
    copy[key] = converted
  }
  return copy ?? value
}

/**
 * An empty body is `{}`; anything but a JSON object is a SerializationException. A top-level array
 * fails as an array member where a structure is modelled does (wire-types.ts).
 */
export function parseJsonObject(body: Buffer): Record<string, any> {
  if (body.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.')
  }
  if (Array.isArray(parsed)) throw new AwsError('SerializationException', wrongTypeMessage(parsed, 'map'))
  if (typeof parsed !== 'object' || parsed === null) {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.')
  }
  return parsed as Record<string, any>
}
