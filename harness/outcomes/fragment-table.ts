/**
 * A counted set of 8-character strings (secret-values.ts's fragments), stored without strings: a window of
 * 7-bit characters packs exactly into two 28-bit halves, kept in an open-addressing table of typed arrays.
 * Registering a credential adds ~2,500 windows; as Map<string, number> entries each cost a string, its hash
 * and two probes of a large map, and registration was the largest harness cost of an in-process run. A window
 * with a wider character goes to a plain map. Exact either way: a window is in the set or it is not.
 */

/** The windows are this long (secret-values.ts's FRAGMENT_CHARS); two 4-character halves of 7 bits each. */
export const WINDOW = 8
const OCCUPIED = 0x8000_0000
const MIN_CAPACITY = 1 << 12

export class FragmentTable {
  private low = new Uint32Array(MIN_CAPACITY)
  private high = new Uint32Array(MIN_CAPACITY)
  private counts = new Int32Array(MIN_CAPACITY)
  /** Slots holding a key, live or at count 0 (reused if the same window comes back). */
  private occupied = 0
  private live = 0
  private readonly wide = new Map<string, number>()

  get size(): number {
    return this.live + this.wide.size
  }

  /** Adds `by` (+1 or -1) to the count of `text`'s window at `start`; a count that reaches 0 leaves the set. */
  add(text: string, start: number, by: 1 | -1): void {
    const low = half(text, start)
    const high = half(text, start + WINDOW / 2)
    if (low < 0 || high < 0) {
      countWide(this.wide, text.slice(start, start + WINDOW), by)
      return
    }
    let slot = this.slotOf(low, high)
    if (this.low[slot] === 0) {
      if (by < 0) return
      if (2 * (this.occupied + 1) > this.low.length) {
        this.rebuild()
        slot = this.slotOf(low, high)
      }
      this.low[slot] = low | OCCUPIED
      this.high[slot] = high
      this.occupied++
    }
    const before = this.counts[slot]!
    const after = Math.max(0, before + by)
    this.counts[slot] = after
    if (before === 0 && after > 0) this.live++
    if (before > 0 && after === 0) this.live--
  }

  /** Whether `text`'s window at `start` is in the set. */
  has(text: string, start: number): boolean {
    const low = half(text, start)
    const high = half(text, start + WINDOW / 2)
    if (low < 0 || high < 0) return this.wide.has(text.slice(start, start + WINDOW))
    const slot = this.slotOf(low, high)
    return this.low[slot] !== 0 && this.counts[slot]! > 0
  }

  /** Every window in the set, as a string (to rebuild a filter; rare). */
  *windows(): Generator<string> {
    for (let slot = 0; slot < this.low.length; slot++) {
      if (this.low[slot] !== 0 && this.counts[slot]! > 0) {
        yield unpack(this.low[slot]! & ~OCCUPIED) + unpack(this.high[slot]!)
      }
    }
    yield* this.wide.keys()
  }

  clear(): void {
    this.low = new Uint32Array(MIN_CAPACITY)
    this.high = new Uint32Array(MIN_CAPACITY)
    this.counts = new Int32Array(MIN_CAPACITY)
    this.occupied = 0
    this.live = 0
    this.wide.clear()
  }

  /** The slot holding (low, high), else the empty slot where it goes (linear probing). */
  private slotOf(low: number, high: number): number {
    const mask = this.low.length - 1
    const key = (low | OCCUPIED) >>> 0
    let slot = mix(low, high) & mask
    while (this.low[slot] !== 0 && (this.low[slot] !== key || this.high[slot] !== high)) slot = (slot + 1) & mask
    return slot
  }

  /** Re-inserts the live keys into a table at most a quarter full: keys at count 0 are dropped here. */
  private rebuild(): void {
    const { low, high, counts } = this
    let capacity = MIN_CAPACITY
    while (capacity < 4 * (this.live + 1)) capacity *= 2
    this.low = new Uint32Array(capacity)
    this.high = new Uint32Array(capacity)
    this.counts = new Int32Array(capacity)
    this.occupied = 0
    for (let slot = 0; slot < low.length; slot++) {
      if (low[slot] === 0 || counts[slot]! <= 0) continue
      const at = this.slotOf(low[slot]! & ~OCCUPIED, high[slot]!)
      this.low[at] = low[slot]!
      this.high[at] = high[slot]!
      this.counts[at] = counts[slot]!
      this.occupied++
    }
  }
}

/** Four 7-bit characters packed into 28 bits, or -1 if one is wider. */
function half(text: string, start: number): number {
  let packed = 0
  for (let i = start; i < start + WINDOW / 2; i++) {
    const code = text.charCodeAt(i)
    if (code > 0x7f) return -1
    packed = (packed << 7) | code
  }
  return packed
}

function unpack(packed: number): string {
  let text = ''
  for (let shift = 21; shift >= 0; shift -= 7) text += String.fromCharCode((packed >>> shift) & 0x7f)
  return text
}

/** Spreads both halves over the table's slots (a multiply-xorshift, as in murmur's finaliser). */
function mix(low: number, high: number): number {
  let hash = Math.imul(low ^ Math.imul(high, 0x9e37_79b1), 0x85eb_ca6b)
  hash ^= hash >>> 13
  hash = Math.imul(hash, 0xc2b2_ae35)
  return (hash ^ (hash >>> 16)) >>> 0
}

function countWide(map: Map<string, number>, key: string, by: 1 | -1): void {
  const next = (map.get(key) ?? 0) + by
  if (next <= 0) map.delete(key)
  else map.set(key, next)
}
