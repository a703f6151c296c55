/**
 * The exit code of a finished `harness run` (pure). Findings (1) first, then what makes the run
 * untrustworthy: nothing could be tested or cleanup failed (3), the run is incomplete (4); see
 * history/verdict.ts for the contract every command and report shares.
 */
import { EXIT_CODES, HarnessError } from '../errors.js'
import type { DriftReport } from '../history/types.js'
import { type JudgedRecord, judgeRun } from '../history/verdict.js'

export interface RunVerdict {
  code: 0 | 1 | 3 | 4
  /** One sentence for stderr when the code is not self-explanatory. */
  message?: string
}

export function runVerdict(drift: Pick<DriftReport, 'summary' | 'changes'>, record: JudgedRecord): RunVerdict {
  const verdict = judgeRun(drift, record)
  if (verdict.code === 0 || verdict.code === 1) return { code: verdict.code }
  const reasons = verdict.reasons.join('; ')
  // The lines above the verdict name the regions that failed and the cleanup's problems.
  if (verdict.code === 3) return { code: 3, message: `${reasons}; see the lines above.` }
  return { code: 4, message: `run incomplete: ${reasons}.` }
}

/**
 * The exit code when the history store fails (exit 3) after the verdict was printed: findings (1) still
 * come first, then this failure; the error is written with the code it leads to. A push or pull that
 * failed because Ctrl-C reached git too is an interruption (130), said as one: the store refused nothing.
 * Anything else is rethrown.
 */
export function exitAfterStoreFailure(
  error: unknown,
  verdict: RunVerdict,
  stderr: (text: string) => void,
  interrupted = false,
): 1 | 3 | 130 {
  if (!(error instanceof HarnessError) || EXIT_CODES[error.code] !== 3) throw error
  const failed = interrupted ? 130 : 3
  const code = verdict.code === 1 ? 1 : failed
  const why =
    code === 1
      ? 'findings come first'
      : interrupted
        ? 'its record is not in the history store yet: `harness history push`, or the next run that pushes, adds it'
        : 'its record did not reach the history store'
  const what = interrupted ? `interrupted while updating the history store (${error.message})` : error.message
  stderr(`harness: ${what} (exit ${code}: the run's reports are written; ${why})\n`)
  return code
}
