/**
 * The dated AWS change (emulator/timeline/aws-history.ts, each with its sources) an `aws-change` denial most
 * likely is, one wording for drift.md, report.html and drift.json (pure).
 */
import { runDate } from '../history/run-window.js'
import type { DriftChange, RunRecord } from '../history/types.js'
import { knownAwsChange, stepOperation } from './dashboard/markers.js'

/** drift.json's `knownAwsChange` on a change. */
export interface KnownAwsChangeRef {
  id: string
  title: string
  /** The day it reached the change's region (YYYY-MM-DD). */
  reachedRegionOn: string
  dateApproximate: boolean
}

/** Only for a denial attributed to AWS, and only a change that had reached its region by the run's (emulated) date. */
export function knownAwsChangeOf(
  change: DriftChange,
  current: Pick<RunRecord, 'startedAt' | 'emulatorDate'>,
): KnownAwsChangeRef | undefined {
  if (change.cause !== 'aws-change') return undefined
  const asked = [change.missingAction, ...(change.candidateActions ?? [])].filter((a): a is string => a !== undefined)
  const known = knownAwsChange(
    stepOperation(change),
    change.region,
    runDate(current),
    undefined,
    asked.length > 0 ? asked : undefined,
  )
  if (!known) return undefined
  return {
    id: known.change.id,
    title: known.change.title,
    reachedRegionOn: known.date.slice(0, 10),
    dateApproximate: known.change.dateApproximate === true,
  }
}

/** "ECR …: tag on create needs ecr:TagResource (reached ca-central-1 on 2022-12-21, date approximate; harness id …)" */
export function knownAwsChangeText(ref: KnownAwsChangeRef, region: string): string {
  const approximate = ref.dateApproximate ? ', date approximate' : ''
  return `${ref.title} (reached ${region} on ${ref.reachedRegionOn}${approximate}; harness id ${ref.id})`
}
