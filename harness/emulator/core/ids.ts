/** Identifier formats AWS uses, generated from node:crypto. */
import { randomBytes, randomFillSync, randomInt } from 'node:crypto'

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** CSPRNG bytes drawn 4 KiB at a time (as randomUUID does): a randomBytes call per id was a tenth of CreateRole. */
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

/** Where the next `length` random bytes start in the pool (refilled when too few are left). */
function reserve(length: number): number {
  if (length > pool.length) throw new RangeError(`an id of ${length} random characters is longer than the pool`)
  if (poolOffset + length > pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  const start = poolOffset
  poolOffset += length
  return start
}

/**
 * Ids are formatted as ASCII bytes here and read out as one string. Built by appending characters (or
 * 2-digit pieces, as crypto.randomUUID does), V8 keeps a string as a tree of ~1 cons string per 2–3
 * characters (a UUID: 14 of them, ~450 B) until something flattens it; a request id and a CloudTrail
 * event id per call are kept by the audit window (10k calls), which made them half of what each audited
 * call retained. One toString(latin1) gives a flat string of the same characters.
 */
const text = Buffer.alloc(64)

function pick(alphabet: string, length: number): string {
  if (length > text.length) throw new RangeError(`an id of ${length} random characters is longer than ${text.length}`)
  const start = reserve(length)
  for (let i = 0; i < length; i++) text[i] = alphabet.charCodeAt(pool[start + i]! % alphabet.length)
  return text.toString('latin1', 0, length)
}

const HEX_DIGITS = Buffer.from('0123456789abcdef', 'latin1')

/**
 * A random (version 4) UUID: 16 random bytes, the version nibble 4 and the variant bits 10 (RFC 9562,
 * section 5.4, https://www.rfc-editor.org/rfc/rfc9562#section-5.4), as crypto.randomUUID makes them.
 */
export function newRequestId(): string {
  const start = reserve(16)
  let at = 0
  for (let i = 0; i < 16; i++) {
    let byte = pool[start + i]!
    if (i === 6) byte = (byte & 0x0f) | 0x40
    else if (i === 8) byte = (byte & 0x3f) | 0x80
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 0x2d // '-'
    text[at++] = HEX_DIGITS[byte >> 4]!
    text[at++] = HEX_DIGITS[byte & 0x0f]!
  }
  return text.toString('latin1', 0, 36)
}

export const newAccountId = (): string => String(randomInt(100_000, 999_999)) + String(randomInt(100_000, 999_999))
/** AKIA… long-term or ASIA… temporary access key id (20 chars). */
export const newAccessKeyId = (temporary: boolean): string => (temporary ? 'ASIA' : 'AKIA') + pick(UPPER_ALNUM, 16)
export const newSecretAccessKey = (): string => randomBytes(30).toString('base64')
export const newSessionToken = (): string => randomBytes(96).toString('base64')
/** Unique ids for IAM entities: AROA (role), AIDA (user), ANPA (policy). */
export const newIamId = (prefix: 'AROA' | 'AIDA' | 'ANPA'): string => prefix + pick(UPPER_ALNUM, 17)
export const newLowerId = (prefix: string, length: number): string => prefix + pick(LOWER_ALNUM, length)
export const newHexId = (prefix: string, length = 17): string =>
  prefix + randomBytes(length).toString('hex').slice(0, length)
