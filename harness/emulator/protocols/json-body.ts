/** JSON bodies as AWS JSON protocols write them: Dates become epoch seconds. */
import { AwsError } from '../core/errors.js'

export function stringifyAwsJson(value: unknown): string {
  return JSON.stringify(value ?? {}, function (this: Record<string, unknown>, key: string, current: unknown) {
    const original = this[key]
    return original instanceof Date ? original.getTime() / 1000 : current
  })
}

/** An empty body is `{}`; anything but a JSON object is a SerializationException. */
export function parseJsonObject(body: Buffer): Record<string, any> {
  if (body.length === 0) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(body.toString('utf8'))
  } catch {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new AwsError('SerializationException', 'Start of structure or map found where not expected.')
  }
  return parsed as Record<string, any>
}
