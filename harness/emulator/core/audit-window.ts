/**
 * The audit log's bounded in-memory window. The call log and the CloudTrail event history would
 * otherwise grow by a few KiB per request for as long as the emulator runs (800 MiB after 62k calls).
 * Each keeps its newest `auditWindow` entries (default 10,000; `--audit-window`, or the
 * `auditWindow` option); older ones are dropped and counted, so positions stay stable for paging:
 * entry `i` of the array has sequence number `dropped + i`.
 */

export const DEFAULT_AUDIT_WINDOW = 10_000

/** An append-only log that forgets its oldest entries past `limit`. */
export class BoundedLog<T> {
  /** The retained entries, oldest first. */
  readonly entries: T[] = []
  /** How many entries were dropped from the front since the log began. */
  dropped = 0

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`audit window must be an integer ≥ 1, got ${limit}`)
  }

  push(entry: T): void {
    this.entries.push(entry)
    // Trimming in batches of 1/8 of the window keeps appends O(1) amortized; trimming each time would
    // move the whole array on every call. The window never holds fewer than `limit` recent entries.
    const slack = Math.max(1, this.limit >> 3)
    if (this.entries.length >= this.limit + slack) this.trimTo(this.limit)
  }

  /** Sequence number of the next entry to be appended. */
  get end(): number {
    return this.dropped + this.entries.length
  }

  private trimTo(size: number): void {
    const excess = this.entries.length - size
    this.entries.splice(0, excess)
    this.dropped += excess
  }
}
