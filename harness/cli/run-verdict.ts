/**
 * The exit code of a finished `harness run` (pure). Findings (1) first, then what makes the run
 * untrustworthy: nothing could be tested or cleanup failed (3), the run is incomplete (4); see
 * history/verdict.ts for the contract every command and report shares.
 */
import type { DriftReport, RunRecord } from '../history/types.js'
import { judgeRun } from '../history/verdict.js'

export interface RunVerdict {
  code: 0 | 1 | 3 | 4
  /** One sentence for stderr when the code is not self-explanatory. */
  message?: string
}

export function runVerdict(
  drift: Pick<DriftReport, 'summary' | 'changes'>,
  record: Pick<RunRecord, 'regions' | 'scenarios' | 'results'>,
  cleanupProblems: readonly string[],
): RunVerdict {
  const verdict = judgeRun(drift, record)
  if (verdict.code === 1) return { code: 1 }
  if (record.regions.length > 0 && record.regions.every((region) => region.error)) {
    // Nothing could be tested: the run proves nothing, so CI must not read it as a pass.
    const names = record.regions.map((region) => region.name).join(', ')
    return { code: 3, message: `no region became ready (${names}); see the lines above.` }
  }
  if (cleanupProblems.length > 0) {
    // Something the run created may still exist: an infrastructure failure, even without drift.
    return { code: 3, message: `cleanup incomplete (${cleanupProblems.length} problem(s), listed above).` }
  }
  if (verdict.code === 4) return { code: 4, message: `run incomplete: ${verdict.reasons.join('; ')}.` }
  return { code: 0 }
}
