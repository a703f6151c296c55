/** The exit code of a finished `harness run` (pure): open regressions (new or still denied) first, then anything that makes a pass untrustworthy. */
import { hasOpenRegressions } from '../history/commands.js'
import type { DriftReport, RunRecord } from '../history/types.js'

export interface RunVerdict {
  code: 0 | 1 | 3
  /** One sentence for stderr when the code is not self-explanatory. */
  message?: string
}

export function runVerdict(
  drift: Pick<DriftReport, 'summary' | 'changes'>,
  record: Pick<RunRecord, 'regions'>,
  cleanupProblems: readonly string[],
): RunVerdict {
  if (hasOpenRegressions(drift)) return { code: 1 }
  if (record.regions.length > 0 && record.regions.every((region) => region.error)) {
    // Nothing could be tested: the run proves nothing, so CI must not read it as a pass.
    const names = record.regions.map((region) => region.name).join(', ')
    return { code: 3, message: `no region became ready (${names}); see the lines above.` }
  }
  if (cleanupProblems.length > 0) {
    // Something the run created may still exist: an infrastructure failure, even without drift.
    return { code: 3, message: `cleanup incomplete (${cleanupProblems.length} problem(s), listed above).` }
  }
  return { code: 0 }
}
