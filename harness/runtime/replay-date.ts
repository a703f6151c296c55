import type { ResolvedConfig } from '../config/resolve.js'

/** What a run knows of its emulator's clock (runtime/local-emulator.ts). */
export interface ReplayClock {
  /** An emulator of its own (HARNESS_EMULATOR_ENDPOINT), which keeps its own clock. */
  external?: boolean
  /** Its simulated date when the run connected, when that is a day or more in the past (local-emulator.ts). */
  replayDate?: string
}

/**
 * A replay's simulated date, which makes its runs a history of their own (history/same-history.ts): the
 * embedded emulator's `--emulator-date`, or the clock of an emulator of its own a day or more in the past.
 */
export function replayDateOf(config: ResolvedConfig, emulator: ReplayClock | undefined): string | undefined {
  if (config.target !== 'local') return undefined
  if (emulator?.external) return emulator.replayDate
  return config.emulator.date ? new Date(config.emulator.date).toISOString() : undefined
}
