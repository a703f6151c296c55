/** Identifier formats AWS uses, generated from node:crypto. */
import { randomBytes, randomFillSync, randomInt, randomUUID } from 'node:crypto'

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789'

/** CSPRNG bytes drawn 4 KiB at a time (as randomUUID does): a randomBytes call per id was a tenth of CreateRole. */
const pool = Buffer.alloc(4096)
let poolOffset = pool.length

function pick(alphabet: string, length: number): string {
  if (length > pool.length) throw new RangeError(`an id of ${length} random characters is longer than the pool`)
  if (poolOffset + length > pool.length) {
    randomFillSync(pool)
    poolOffset = 0
  }
  let out = ''
  for (let i = 0; i < length; i++) out += alphabet[pool[poolOffset + i]! % alphabet.length]
  poolOffset += length
  return out
}

export const newRequestId = (): string => randomUUID()
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
