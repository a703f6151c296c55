/**
 * Redaction by value: a registered credential leaves no trace in any form a careless scenario or an
 * error path can give it. The oracle (secret-traces.ts) is independent of the matcher.
 */
import { randomBytes } from 'node:crypto'
import { inspect } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { REDACTED, redactSecrets } from './redact.js'
import { findSecretTraces } from './secret-traces.js'
import { forgetRegisteredSecrets, MAX_REGISTERED_VALUES, registerCredentials, registerSecret } from './secret-values.js'

// Shaped like the emulator's (and AWS's) values; fresh per run so no fixture can match by accident.
const credentials = {
  accessKeyId: `ASIA${randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`,
  secretAccessKey: randomBytes(30).toString('base64'),
  sessionToken: randomBytes(96).toString('base64'),
}
const { accessKeyId, secretAccessKey, sessionToken } = credentials
const half = (value: string, which: 0 | 1) => (which === 0 ? value.slice(0, 20) : value.slice(-20))
const wrap = (text: string, width: number) => text.replace(new RegExp(`(.{${width}})`, 'g'), '$1\n')

/** The leak forms of the issue: raw, keyed, URL-encoded, base64, JSON-escaped, split, and their mixes. */
const leaks: Array<[string, string]> = [
  ['id/secret', `${accessKeyId}/${secretAccessKey}`],
  ['Key=<secret>', `Key=${secretAccessKey}`],
  ['token raw', `token ${sessionToken} end`],
  ['URL-encoded', `https://x/?a=${encodeURIComponent(secretAccessKey)}&t=${encodeURIComponent(sessionToken)}`],
  ['URL-encoded, lower-case hex', encodeURIComponent(sessionToken).replace(/%2B|%2F|%3D/g, (h) => h.toLowerCase())],
  ['URL-encoded twice', encodeURIComponent(encodeURIComponent(sessionToken))],
  ['base64 of id:secret', Buffer.from(`${accessKeyId}:${secretAccessKey}`).toString('base64')],
  ['base64 of a JSON blob', Buffer.from(JSON.stringify({ x: 1, credentials })).toString('base64')],
  ['base64url of the token', Buffer.from(sessionToken).toString('base64url')],
  ['JSON-escaped', JSON.stringify({ message: JSON.stringify(credentials) })],
  ['JSON with escaped slashes', JSON.stringify(credentials).replace(/\//g, '\\/')],
  ['split in halves', `first ${half(secretAccessKey, 0)} then ${half(secretAccessKey, 1)}`],
  ['token wrapped at 64 columns', wrap(sessionToken, 64)],
  ['string concatenation', `"${sessionToken.slice(0, 50)}" + "${sessionToken.slice(50)}"`],
  // QA: console.log(Buffer.from(secret)) in a scenario printed every byte.
  ['Buffer (as Node prints one)', `${inspect(Buffer.from(secretAccessKey))} and ${inspect(Buffer.from(accessKeyId))}`],
  ['hex', `${Buffer.from(secretAccessKey).toString('hex')} ${Buffer.from(accessKeyId).toString('hex').toUpperCase()}`],
  // QA: a Buffer logged as JSON, or its bytes joined.
  ['Buffer as JSON', JSON.stringify({ key: Buffer.from(secretAccessKey) })],
  ['decimal bytes', [...Buffer.from(accessKeyId)].join(', ')],
]

const traces = (text: string) => findSecretTraces(text, [accessKeyId, secretAccessKey, sessionToken])

describe('redaction by registered value', () => {
  beforeEach(() => registerCredentials(credentials))
  afterEach(() => forgetRegisteredSecrets())

  it.each(leaks)('Given a %s leak, the redacted text holds no trace of the credentials', (_name, leak) => {
    // The test's own oracle sees the leak before redaction (so it cannot pass vacuously) …
    expect(traces(leak).length).toBeGreaterThan(0)
    const redacted = redactSecrets(leak)
    // … and nothing after it.
    expect(traces(redacted)).toEqual([])
    expect(redacted).toContain(REDACTED)
  })

  it('keeps the text around a secret, and JSON stays JSON', () => {
    const json = JSON.stringify({ step: 'CreateLogGroup', note: `creds ${JSON.stringify(credentials)}` })
    const redacted = redactSecrets(json)
    expect(JSON.parse(redacted)).toMatchObject({ step: 'CreateLogGroup' })
    expect(redactSecrets(`before ${sessionToken} after`)).toBe(`before ${REDACTED} after`)
  })

  it('leaves ordinary text alone and ignores values too short to be secrets', () => {
    registerSecret('test')
    const text = 'arn:aws:iam::123456789012:role/harness test run CreateLogGroup allowed'
    expect(redactSecrets(text)).toBe(text)
  })

  it('leaves digits and hashes that share a few hex digits with a key alone (review: 8-digit pieces matched)', () => {
    // "ASIA" is 41534941 in every key id's hex; account and request ids are digits.
    const hexOfId = Buffer.from(accessKeyId).toString('hex')
    const text = `account 123415349410, request ${hexOfId.slice(0, 24)}, policy sha256:${'0'.repeat(24)}${hexOfId.slice(0, 16)}${'f'.repeat(24)}`
    expect(redactSecrets(text)).toBe(text)
  })

  it('does nothing before anything is registered', () => {
    forgetRegisteredSecrets()
    expect(redactSecrets(`split ${half(secretAccessKey, 0)}`)).toBe(`split ${half(secretAccessKey, 0)}`)
  })

  it('keeps the most recent values when a long-lived emulator issues more than it can hold', () => {
    const values = Array.from({ length: MAX_REGISTERED_VALUES + 1 }, () => randomBytes(30).toString('base64'))
    for (const value of values) registerSecret(value)
    // The oldest is forgotten (bounded memory) unless another value shares its pieces; the newest is kept.
    expect(redactSecrets(`x ${values.at(-1)} x`)).toBe(`x ${REDACTED} x`)
    expect(redactSecrets(`x ${values[1]!.slice(0, 20)} x`)).toBe(`x ${REDACTED} x`)
  })
})
