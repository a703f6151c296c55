/**
 * `GET /_emulator/config`: the realism knobs as they stand. Apart from runtime-config.ts (the POST's
 * validation), so serving the control API does not load zod until a change is posted.
 */
import type { Durations, EmulatorState } from '../core/state.js'

export interface RuntimeConfig {
  durations: Durations
  maxAccounts: number | undefined
}

export function readRuntimeConfig(state: EmulatorState): RuntimeConfig {
  return { durations: { ...state.durations }, maxAccounts: state.organization?.maxAccounts }
}
