/**
 * The one place the dashboard reads history from. Today: every run record under `<reports>/runs`. A history
 * store with a compact index can replace this function without touching the rest of the dashboard.
 */
import { listRunRecords } from '../../history/run-record.js'
import type { RunRecord } from '../../history/types.js'

export async function readHistory(reportsDir: string): Promise<RunRecord[]> {
  return (await listRunRecords(reportsDir)).runs.map((run) => run.record)
}
