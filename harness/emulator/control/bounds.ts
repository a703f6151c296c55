/**
 * Limits every way of setting the emulator shares (`emulator start` flags, POST /_emulator/config and
 * /clock, the run's config). Apart from runtime-config.ts so the start command checks flags without zod.
 */

/**
 * A year: longer than any AWS period the knobs model (the 90-day post-closure period included), and
 * far below what Date arithmetic on the clock can represent. Knobs that are timers have their own bounds.
 */
export const MAX_DURATION_MS = 366 * 86_400_000
/** Same bound as a "slow" fault's delayMs: ten minutes (it is a timer). */
export const MAX_LATENCY_MS = 600_000
/** harness.config.ts and `harness run --time-scale` take at most this. */
export const MAX_TIME_SCALE = 1000
/**
 * The simulated clock stays within years 2000–2999: every date AWS behaviour is dated by fits, and no
 * setting can push it past what Date and the SigV4 date formats represent (which made every request fail).
 */
export const CLOCK_MIN = new Date('2000-01-01T00:00:00Z')
export const CLOCK_MAX = new Date('2999-12-31T23:59:59Z')
/** About 2 KiB a call in memory: a million is ~2 GiB, beyond which the window is a memory leak by setting. */
export const MAX_AUDIT_WINDOW = 1_000_000

/**
 * Whether a date's day exists: Date rolls 2022-02-30 over to 2022-03-02, which a user never meant. Text not
 * starting YYYY-MM-DD is left to the caller's other checks.
 */
export function isRealCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(text)
  if (!match) return true
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number?,
    number?,
    number?,
  ]
  const date = new Date(Date.UTC(year, month - 1, day))
  // Date also rolls T24:00 over to the next day, and 60 minutes or seconds on.
  const timeExists = hour < 24 && minute < 60 && second < 60
  return timeExists && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
