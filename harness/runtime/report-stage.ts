/**
 * After a run: write the run record (atomically, secret-checked), then let history pick the
 * baseline (previous comparable run, or --baseline), diff, write drift.json / drift.md /
 * report.html / junit.xml and print the console summary.
 */

import type { ResolvedConfig } from '../config/resolve.js'
import { writeRunRecord } from '../history/run-record.js'
import type { DriftReport, RunRecord } from '../history/types.js'
import { compareAndReport } from '../reporters/commands.js'
import type { Progress } from './types.js'

export interface ReportInput {
  config: ResolvedConfig
  record: RunRecord
  progress: Progress
  write(text: string): void
  color: boolean
}

export async function reportRun(input: ReportInput): Promise<DriftReport> {
  const { config, record, progress } = input
  const recordPath = await writeRunRecord(config.reportsDir, record)
  input.write('\n')
  const { report, files } = await compareAndReport(
    { reportsDir: config.reportsDir, current: record, baselineFile: config.baselineFile },
    // progress.warn says "warning:" itself; the commands' own stderr lines already do.
    {
      stdout: input.write,
      // A run file that became unusable since the check before the account (exit 2 then) is only warned of.
      stderr: (text) => progress.warn(text.trimEnd().replace(/^warning: /, '')),
      color: input.color,
    },
  )
  progress.info(`run record: ${recordPath}`)
  for (const file of files) progress.info(`report: ${file}`)
  return report
}
