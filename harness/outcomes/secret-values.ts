/**
 * Redaction by value: every credential harness (or its emulator) obtains is registered here the moment
 * it exists, and redactSecrets removes it from any text in every form it can take on the way to a sink:
 * raw, URL-encoded (once or twice, either hex case), JSON-escaped (`\/` too), base64 / base64url (at any
 * byte alignment, i.e. inside a larger encoded blob), a key's bytes in hex, and split into pieces. Patterns
 * alone miss a secret that is URL-encoded or cut in two; the values harness holds cannot be missed.
 *
 * Split forms: any run of FRAGMENT_CHARS or more consecutive characters of a registered form is a piece
 * of a secret. Secrets are random, so an 8-character run of one appearing by chance in other text is
 * negligible, while a secret cut into halves, quarters or wrapped lines is still found.
 */
import { FragmentTable, WINDOW } from './fragment-table.js'

/** Shorter values are not secrets (the emulator's documented `test` keys) and would redact ordinary words. */
export const MIN_SECRET_LENGTH = 16
export const FRAGMENT_CHARS = WINDOW

export interface CredentialValues {
  accessKeyId?: string
  secretAccessKey?: string
  sessionToken?: string
}

/**
 * The most recent values kept. A run registers tens; a long-lived emulator issues a session per
 * AssumeRole, and sessions last at most 12 hours, so the oldest are dropped rather than kept forever.
 */
export const MAX_REGISTERED_VALUES = 2000

/** Every FRAGMENT_CHARS-long window of every form of every registered secret, counted (fragment-table.ts). */
const fragments = new FragmentTable()
/**
 * A bit per rolling hash (windowHash) of those windows: scanning a text costs one multiply and one bit
 * test per character, and only a set bit slices a string to look it up. Slicing and looking up every
 * window was ~300 ns a character, the largest CPU cost of writing a run's reports. Forgetting a value
 * marks the filter stale; it is rebuilt from `fragments` at the next scan.
 */
const FILTER_BITS = 23
const filter = new Uint32Array(2 ** (FILTER_BITS - 5))
let filterStale = false
const HASH_BASE = 0x01000193
/** HASH_BASE ** (FRAGMENT_CHARS - 1), modulo 2^32: the weight of the character leaving the window. */
const LEAVING_WEIGHT = Array.from({ length: FRAGMENT_CHARS - 1 }).reduce<number>((w) => Math.imul(w, HASH_BASE), 1)

function windowHash(text: string, start: number): number {
  let hash = 0
  for (let i = start; i < start + FRAGMENT_CHARS; i++) hash = (Math.imul(hash, HASH_BASE) + text.charCodeAt(i)) | 0
  return hash
}

/** The hash of the window one character on: `leaving` drops out, `entering` comes in. */
function rollHash(hash: number, leaving: number, entering: number): number {
  return (Math.imul((hash - Math.imul(leaving, LEAVING_WEIGHT)) | 0, HASH_BASE) + entering) | 0
}

function setFilterBit(hash: number): void {
  const bit = hash >>> (32 - FILTER_BITS)
  filter[bit >>> 5]! |= 1 << (bit & 31)
}

function mayBeFragment(hash: number): boolean {
  const bit = hash >>> (32 - FILTER_BITS)
  return (filter[bit >>> 5]! & (1 << (bit & 31))) !== 0
}

function rebuildFilterIfStale(): void {
  if (!filterStale) return
  filter.fill(0)
  for (const fragment of fragments.windows()) setFilterBit(windowHash(fragment, 0))
  filterStale = false
}

/**
 * Registered values, oldest first. A fragment's count is how many times it occurs in the forms of the registered
 * values (repeats within one value counted too), so forgetting a value walks its forms again instead of keeping a
 * list of its fragments: registering is on every credential's path (the emulator issues one per AssumeRole), and
 * de-duplicating each value's ~2,500 windows into a set first took most of that time.
 */
const registeredValues = new Set<string>()

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_LENGTH || registeredValues.has(value)) return
  registeredValues.add(value)
  addHexForm(value, true)
  forEachFragment(value, (form, start, hash) => {
    fragments.add(form, start, 1)
    setFilterBit(hash)
  })
  if (registeredValues.size > MAX_REGISTERED_VALUES) forget(registeredValues.values().next().value as string)
}

/** Every FRAGMENT_CHARS-long window of every form of `value`, with its windowHash (rolled, not recomputed). */
function forEachFragment(value: string, visit: (form: string, start: number, hash: number) => void): void {
  for (const form of formsOf(value)) {
    if (form.length < FRAGMENT_CHARS) continue
    let hash = windowHash(form, 0)
    for (let i = 0; i + FRAGMENT_CHARS <= form.length; i++) {
      if (i > 0) hash = rollHash(hash, form.charCodeAt(i - 1), form.charCodeAt(i + FRAGMENT_CHARS - 1))
      visit(form, i, hash)
    }
  }
}

function forget(value: string): void {
  forEachFragment(value, (form, start) => fragments.add(form, start, -1))
  filterStale = true
  registeredValues.delete(value)
  addHexForm(value, false)
}

/** Registers the three parts of a credential set (the key id too: it names the account's principal). */
export function registerCredentials(credentials: CredentialValues | undefined): void {
  registerSecret(credentials?.accessKeyId)
  registerSecret(credentials?.secretAccessKey)
  registerSecret(credentials?.sessionToken)
}

export function hasRegisteredSecrets(): boolean {
  return fragments.size > 0
}

/** Tests only: start from an empty registry. */
export function forgetRegisteredSecrets(): void {
  fragments.clear()
  registeredValues.clear()
  hexForms.clear()
  filter.fill(0)
  filterStale = false
}

/** Replaces every stretch of text made of registered-secret fragments with `replacement`. */
export function redactRegisteredValues(raw: string, replacement: string): string {
  if (fragments.size === 0 || raw.length < FRAGMENT_CHARS) return raw
  const text = redactHexForms(raw, replacement)
  const ranges = coveredRanges(text)
  if (ranges.length === 0) return text
  let out = ''
  let last = 0
  for (const [start, end] of ranges) {
    out += text.slice(last, start) + replacement
    last = end
  }
  return out + text.slice(last)
}

/** True when text still holds a piece of a registered secret (for write-time assertions). */
export function containsRegisteredValue(text: string): boolean {
  return fragments.size > 0 && (coveredRanges(text).length > 0 || redactHexForms(text, '') !== text)
}

function coveredRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = []
  rebuildFilterIfStale()
  let hash = windowHash(text, 0)
  for (let i = 0; i + FRAGMENT_CHARS <= text.length; i++) {
    if (i > 0) hash = rollHash(hash, text.charCodeAt(i - 1), text.charCodeAt(i + FRAGMENT_CHARS - 1))
    if (!mayBeFragment(hash) || !fragments.has(text, i)) continue
    // A JSON escape cut in half (`\` left before `/`) would leave invalid JSON behind: take it too.
    const start = i > 0 && text[i - 1] === '\\' ? i - 1 : i
    const end = i + FRAGMENT_CHARS
    const previous = ranges.at(-1)
    if (previous && start <= previous[1]) previous[1] = Math.max(previous[1], end)
    else ranges.push([start, end])
  }
  return ranges
}

function formsOf(value: string): string[] {
  const urlEncoded = encodeURIComponent(value)
  const forms = [
    value,
    urlEncoded,
    lowerHexEscapes(urlEncoded),
    encodeURIComponent(urlEncoded),
    JSON.stringify(value).slice(1, -1),
    JSON.stringify(value).slice(1, -1).replace(/\//g, '\\/'),
    ...base64Forms(value),
  ]
  return [...new Set(forms)]
}

/** Hex forms are for keys, not session tokens (hundreds of characters, useless without the secret key). */
const MAX_HEX_FORM_VALUE = 64
/**
 * A key's bytes in hex (`buffer.toString('hex')`, or a Buffer as Node prints it: `<Buffer 41 53 49 41 …>`, which
 * `console.log(Buffer.from(secret))` in a scenario writes), or as decimal bytes (a Buffer as JSON). Matched whole, never as FRAGMENT_CHARS windows: 8 hex
 * digits are too common (`ASIA` is 41534941 in every key id, account ids are digits) to be a secret's piece.
 * Keyed by the first 16 hex digits of each form, lower-case.
 */
const hexForms = new Map<string, Set<string>>()
const HEX_KEY_DIGITS = 16
/** Runs of hex at least as long as a registered key's (MIN_SECRET_LENGTH bytes), joined or spaced by bytes. */
const HEX_RUN = /[0-9a-fA-F]{32,}|[0-9a-fA-F]{2}(?: [0-9a-fA-F]{2}){15,}/g

function hexFormOf(value: string): string | undefined {
  return value.length <= MAX_HEX_FORM_VALUE ? Buffer.from(value, 'utf8').toString('hex') : undefined
}

function addHexForm(value: string, add: boolean): void {
  const hex = hexFormOf(value)
  if (!hex) return
  const key = hex.slice(0, HEX_KEY_DIGITS)
  const forms = hexForms.get(key) ?? new Set<string>()
  if (add) forms.add(hex)
  else forms.delete(hex)
  if (forms.size > 0) hexForms.set(key, forms)
  else hexForms.delete(key)
}

/** Whether a run of hex digits (spaces removed, lower-case) holds a registered key's bytes. */
function holdsHexForm(digits: string): boolean {
  for (let i = 0; i + HEX_KEY_DIGITS <= digits.length; i++) {
    const forms = hexForms.get(digits.slice(i, i + HEX_KEY_DIGITS))
    if (forms && [...forms].some((form) => digits.startsWith(form, i))) return true
  }
  return false
}

/** Runs of decimal bytes, comma-separated: a Buffer as JSON (`{"type":"Buffer","data":[65,83,…]}`) or joined. */
const DECIMAL_RUN = /\d{1,3}(?:\s*,\s*\d{1,3}){15,}/g

/** Each hex or decimal-byte run holding a registered key's bytes is replaced whole (a dump line is no loss). */
function redactHexForms(text: string, replacement: string): string {
  if (hexForms.size === 0) return text
  const hexed = text.replace(HEX_RUN, (run) => (holdsHexForm(run.replace(/ /g, '').toLowerCase()) ? replacement : run))
  return hexed.replace(DECIMAL_RUN, (run) => {
    const bytes = run.split(/\s*,\s*/).map(Number)
    if (bytes.some((byte) => byte > 255)) return run
    return holdsHexForm(Buffer.from(bytes).toString('hex')) ? replacement : run
  })
}

function lowerHexEscapes(text: string): string {
  return text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase())
}

/**
 * base64 of the value at each of the three byte alignments it can have inside a larger encoded blob
 * (`base64("id:secret")`, a Basic auth header), keeping only the characters that depend on the value
 * alone; base64url variants of each.
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8')
  const forms: string[] = []
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes])
      .toString('base64')
      .replace(/=+$/, '')
    // Characters mixing pad bytes (leading group) or unknown following bytes (trailing partial group) are dropped.
    const lead = pad === 0 ? 0 : 4
    const total = pad + bytes.length
    const trail = total % 3 === 0 ? 0 : (total % 3) + 1
    const inner = encoded.slice(lead, encoded.length - trail)
    const whole = pad === 0 ? Buffer.from(value, 'utf8').toString('base64') : inner
    for (const form of [inner, whole]) {
      if (form.length >= FRAGMENT_CHARS) forms.push(form, form.replace(/\+/g, '-').replace(/\//g, '_'))
    }
  }
  return forms
}
