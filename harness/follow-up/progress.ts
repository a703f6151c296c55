/** Follow-up runs print through the run's progress, each line marked with what it is for. */
import type { ExecuteInput } from '../runtime/execute.js'

type Progress = ExecuteInput['progress']

export function prefixedProgress(progress: Progress, label: string): Progress {
  return {
    info: (text) => progress.info(`${label}: ${text}`),
    warn: (text) => progress.warn(`${label}: ${text}`),
    region: (region, text) => progress.region(region, `${label}: ${text}`),
    step: (result) =>
      progress.region(result.region, `${label}: ${result.scenario} › ${result.step}: ${result.outcome.kind}`),
  }
}
