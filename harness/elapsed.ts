/**
 * A time that passed, as a person reads it in a message or a report. On the emulator's fast time scales
 * waits are milliseconds: rounded to whole seconds they all read "0 s", which says nothing.
 */
export function formatElapsed(ms: number): string {
  // The bounds are where rounding would carry over: 999.6 ms reads 1.0 s, 9,960 ms reads 10 s.
  if (ms < 999.5) return `${Math.max(0, Math.round(ms))} ms`
  if (ms < 9_950) return `${(ms / 1_000).toFixed(1)} s`
  return `${Math.round(ms / 1_000)} s`
}
