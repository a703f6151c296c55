/**
 * Removes credentials from text before it reaches any sink (console, progress, run record, reports,
 * error messages, emulator logs): first every registered credential value in all its forms (see
 * secret-values.ts), then anything credential-shaped. Account ids, ARNs, request ids and EC2's encoded
 * authorization message are kept: they are what a reader needs.
 */
import { containsRegisteredValue, redactRegisteredValues } from './secret-values.js'

export { type CredentialValues, registerCredentials, registerSecret } from './secret-values.js'

export const REDACTED = '[REDACTED]'

interface SecretPattern {
  name: string
  pattern: RegExp
}

/** Values following a credential-named key: `SessionToken=…`, `"SecretAccessKey": "…"`, `X-Amz-Security-Token: …`. */
const KEYED_SECRET =
  /((?:aws_)?(?:secret_?access_?key|session_?token|security[_-]?token|secret|password|signature)["']?[ \t]*[:=][ \t]*["']?)([^\s"',;&|]+)/gi

/**
 * A step's outcome after a step named like a key (`CreateSecret: allowed (0 ms)`, `PutPassword: denied …`,
 * `Step: skipped: …`) is harness's own word, exactly as it writes it, never the secret: hiding it hid the
 * result (QA). Anything else after such a key (`Error-2024!x`, `Allowed#1`) is still taken for one.
 */
const OUTCOME_WORDS = new Set(['allowed', 'denied', 'error', 'skipped', 'skipped:', 'throttled', 'credentials'])
const keyedValue = (_all: string, key: string, value: string) => key + (OUTCOME_WORDS.has(value) ? value : REDACTED)

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  // No leading \b: a key glued to other text (`BadASIA…`, `id=ASIA…`) is still a key.
  { name: 'access key id', pattern: /(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g },
  // Real STS session tokens start with these base64 prefixes ('\x21\x0a\x09origin_ec…', 'FwoGZXIvYXdz…').
  { name: 'session token', pattern: /(?:IQoJb3JpZ2luX2|FwoGZXIvYXdz|FQoGZXIvYXdz|AgoJb3JpZ2luX2)[A-Za-z0-9/+=]+/g },
  // A long standard-base64 run: session tokens (any issuer). EC2's encoded message uses '-'/'_' and is exempted below.
  { name: 'session token', pattern: /(?<![A-Za-z0-9/+=_-])[A-Za-z0-9/+]{100,}={0,2}(?![A-Za-z0-9/+=_-])/g },
  // Exactly 40 base64 characters mixing upper, lower and digits: the shape of a secret access key.
  {
    name: 'secret access key',
    pattern:
      /(?<![A-Za-z0-9/+=_-])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*\d)[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=_-])/g,
  },
]

const ENCODED_MESSAGE_MARKER = /Encoded (?:authorization failure message|Failure): ?$/

/** Only the registered credential values (all forms), not the shapes: for writers that refuse shapes instead. */
export function redactRegisteredSecrets(text: string): string {
  return redactRegisteredValues(text, REDACTED)
}

export function redactSecrets(text: string): string {
  let out = redactRegisteredValues(text, REDACTED).replace(KEYED_SECRET, keyedValue)
  for (const { pattern } of SECRET_PATTERNS.slice(0, LONG_SHAPES_FROM)) out = redactShape(out, pattern)
  return redactLongRuns(out)
}

function redactShape(text: string, pattern: RegExp, at = 0, context = text): string {
  return text.replace(pattern, (match, ...rest) => {
    const offset = rest.find((value) => typeof value === 'number') as number
    return isEncodedAuthorizationMessage(context, at + offset) ? match : REDACTED
  })
}

/** The last two SECRET_PATTERNS: 40 or more characters of one run (see redactLongRuns). */
const LONG_SHAPES_FROM = 2
const LONG_SHAPE_MIN = 40

/** [A-Za-z0-9/+=_-]: the long shapes' characters and their look-arounds' (they end a run, never cross one). */
function isRunChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 45 && code <= 57 && code !== 46) || // - / 0-9
    code === 43 ||
    code === 61 ||
    code === 95
  )
}

/**
 * The long shapes (a 100+ base64 token, a 40-character secret key) are applied to each run of 40 or more
 * [A-Za-z0-9/+=_-] characters only: a match lies inside one such run and their look-arounds see the same
 * characters there as in the whole text, so the result is the same as applying them to the whole text.
 * Any such run covers one of every 40th position, so only those are probed and widened to their run.
 * Hand-written because the expressions try every position: about 25 ms per MB, and reports are megabytes.
 */
function* longRuns(text: string): Generator<[start: number, end: number]> {
  for (let probe = LONG_SHAPE_MIN - 1; probe < text.length; probe += LONG_SHAPE_MIN) {
    if (!isRunChar(text.charCodeAt(probe))) continue
    let start = probe
    while (start > 0 && isRunChar(text.charCodeAt(start - 1))) start--
    let end = probe + 1
    while (end < text.length && isRunChar(text.charCodeAt(end))) end++
    // The next probe past this run (the loop adds one step).
    probe += Math.floor((end - 1 - probe) / LONG_SHAPE_MIN) * LONG_SHAPE_MIN
    if (end - start >= LONG_SHAPE_MIN) yield [start, end]
  }
}

function redactLongRuns(text: string): string {
  let out = ''
  let copied = 0
  for (const [start, end] of longRuns(text)) {
    let run = text.slice(start, end)
    // Offsets stay those of `text` until a shape redacts the run, after which no other shape matches in it.
    for (const { pattern } of SECRET_PATTERNS.slice(LONG_SHAPES_FROM)) run = redactShape(run, pattern, start, text)
    if (run !== text.slice(start, end)) {
      out += text.slice(copied, start) + run
      copied = end
    }
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** Names of the secret shapes found in text (never the values), for errors that must not echo the secret. */
export function findSecretShapes(text: string): string[] {
  const found = new Set<string>()
  if (containsRegisteredValue(text)) found.add('registered credential')
  for (const match of text.matchAll(KEYED_SECRET)) {
    if (!match[2]?.startsWith(REDACTED) && !OUTCOME_WORDS.has(match[2] ?? '')) found.add('credential key/value')
  }
  // The long shapes are looked for within the long runs only, as redactLongRuns applies them (4x faster on a
  // run record); shapes are named in SECRET_PATTERNS order all the same.
  const whole: Array<[number, number]> = [[0, text.length]]
  const runs = [...longRuns(text)]
  SECRET_PATTERNS.forEach(({ name, pattern }, index) => {
    for (const [start, end] of index < LONG_SHAPES_FROM ? whole : runs) {
      for (const match of text.slice(start, end).matchAll(new RegExp(pattern.source, 'g'))) {
        if (!isEncodedAuthorizationMessage(text, start + match.index)) found.add(name)
      }
    }
  })
  return [...found]
}

function isEncodedAuthorizationMessage(text: string, offset: number): boolean {
  return ENCODED_MESSAGE_MARKER.test(text.slice(Math.max(0, offset - 60), offset))
}
