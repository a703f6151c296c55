/**
 * Follow-up runs after a run's diff is known and before its record is written: the blast radius of each
 * confirmed regression (a seasoned account, when harness keeps one) and, with `--verify-fix`, the merged
 * patch in a new account. The drift is computed here the way the report stage will compute it (same
 * baselines), because which steps regressed is a property of the diff, not of the run alone.
 */
import { resolveBaselines } from '../history/baseline.js'
import { diffSteps } from '../history/diff.js'
import { withOpenCauses } from '../history/open-cause.js'
import { listRunRecords, writeRunRecord } from '../history/run-record.js'
import { windowOf } from '../history/run-window.js'
import type { DriftReport, RunRecord } from '../history/types.js'
import { type BlastRadiusInput, measureBlastRadius } from './blast-radius.js'
import { verifyFix } from './verify-fix.js'

export type FollowUpInput = Omit<BlastRadiusInput, 'report'>

/** The fields follow-ups add to the run record (none when nothing regressed or failed). */
export async function runFollowUps(input: FollowUpInput): Promise<Pick<RunRecord, 'verifyFix' | 'blastRadius'>> {
  const denied = input.record.results.some((result) => result.outcome.kind === 'denied')
  if (!denied) return {}
  // Written first, so a kill during the follow-ups still leaves the run's own record (rewritten with them after).
  await writeRunRecord(input.config.reportsDir, input.record)
  const report = await driftOf(input.config.reportsDir, input.record, input.config.baselineFile)
  const blastRadius = await measureBlastRadius({ ...input, report })
  const verification = input.config.verifyFix ? await verifyFix({ ...input, report }) : undefined
  return { ...(blastRadius ? { blastRadius } : {}), ...(verification ? { verifyFix: verification } : {}) }
}

async function driftOf(reportsDir: string, current: RunRecord, baselineFile?: string): Promise<DriftReport> {
  const { runs } = await listRunRecords(reportsDir)
  const resolved = await resolveBaselines(current, runs, baselineFile)
  const report = diffSteps(resolved.baselines, current, resolved.comparable)
  // A still-denied step's cause, as the reports will give it (over the same window, one clock: windowOf):
  // the blast radius follows up AWS's changes only.
  const window = windowOf(current, resolved.comparable, Number.MAX_SAFE_INTEGER)
  return { ...report, changes: withOpenCauses(report.changes, current, window) }
}
