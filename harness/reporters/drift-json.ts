/** `<reports>/drift.json`: the DriftReport as data, for CI and other tools. */
import { join } from 'node:path'
import { isFirstRun } from '../history/diff.js'
import { writeFileAtomic } from '../history/run-record.js'
import type { DriftChange, DriftReport, RunRecord } from '../history/types.js'
import { redactSecrets } from '../outcomes/redact.js'
import { followUpJson } from './follow-up-section.js'
import { type KnownAwsChangeRef, knownAwsChangeOf } from './known-aws-change.js'
import { regionVerdicts } from './region-verdict.js'

export const DRIFT_JSON_SCHEMA_VERSION = 1

/** The DriftReport (changes carry `from`/`to` outcomes), a per-region verdict line and the run's follow-ups. */
export function renderDriftJson(report: DriftReport, current?: RunRecord): string {
  const followUps = followUpJson(current)
  const verdicts = regionVerdicts(report).map(({ region, status, text }) => ({ region, status, verdict: text }))
  const document = {
    schemaVersion: DRIFT_JSON_SCHEMA_VERSION,
    ...report,
    changes: current ? report.changes.map((change) => withKnownAwsChange(change, current)) : report.changes,
    firstRun: isFirstRun(report),
    regions: verdicts,
    ...(followUps ? { followUps } : {}),
  }
  return redactSecrets(`${JSON.stringify(document, null, 2)}\n`)
}

/** An `aws-change` denial names the dated AWS change it most likely is, as drift.md and report.html do. */
function withKnownAwsChange(
  change: DriftChange,
  current: RunRecord,
): DriftChange & { knownAwsChange?: KnownAwsChangeRef } {
  const known = knownAwsChangeOf(change, current)
  return known ? { ...change, knownAwsChange: known } : change
}

export async function writeDriftJson(reportsDir: string, report: DriftReport, current?: RunRecord): Promise<string> {
  const path = join(reportsDir, 'drift.json')
  await writeFileAtomic(path, renderDriftJson(report, current))
  return path
}
