/** The stable key of a step across runs: `scenario / step @ region`. */
import type { StepResult } from './types.js'

export const stepKey = (r: Pick<StepResult, 'scenario' | 'step' | 'region'>): string =>
  `${r.scenario}\u0000${r.step}\u0000${r.region}`
