/**
 * Follow-up runs after a run's verdict is known and before its record is written: `--verify-fix` tries the
 * merged patch in a fresh account. The drift is computed here the way the report stage will compute it
 * (same baselines), because which steps need a fix is a property of the diff, not of the run alone.
 */
import { resolveBaselines } from '../history/baseline.js'
import { diffSteps } from '../history/diff.js'
import { listRunRecords } from '../history/run-record.js'
import type { DriftReport, RunRecord } from '../history/types.js'
import { type VerifyFixInput, verifyFix } from './verify-fix.js'

export type FollowUpInput = Omit<VerifyFixInput, 'report'>

/** The fields a follow-up adds to the run record (none when nothing was asked or nothing failed). */
export async function runFollowUps(input: FollowUpInput): Promise<Pick<RunRecord, 'verifyFix'>> {
  if (!input.config.verifyFix) return {}
  const report = await driftOf(input.config.reportsDir, input.record, input.config.baselineFile)
  const verification = await verifyFix({ ...input, report })
  return verification ? { verifyFix: verification } : {}
}

async function driftOf(reportsDir: string, current: RunRecord, baselineFile?: string): Promise<DriftReport> {
  const { runs } = await listRunRecords(reportsDir)
  const resolved = await resolveBaselines(current, runs, baselineFile)
  return diffSteps(resolved.baselines, current, resolved.comparable)
}
