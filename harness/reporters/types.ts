/** A reporter is a few optional async hooks over plain data (no base class); resolved by name from REPORTERS. */
import type { DriftReport, RunRecord, StepResult } from '../history/types.js'

export interface ReportContext {
  reportsDir: string
  report: DriftReport
  current: RunRecord
  baseline: RunRecord | null
  /** Every stored run (when the caller already read them), for reporters that show history. */
  history?: readonly RunRecord[]
  /** How many runs the dashboard's timeline shows (default 90). */
  nights?: number
}

export interface Reporter {
  name: string
  /** Called as each step's outcome is recorded (live progress). */
  onStepResult?(result: StepResult): void | Promise<void>
  /** Called once the run is diffed; returns the files it wrote, if any. */
  onReport?(context: ReportContext): Promise<string[]> | string[]
}

export interface ReporterOptions {
  stdout: (text: string) => void
  color: boolean
}

export type ReporterName = 'console' | 'json' | 'markdown' | 'html' | 'dashboard' | 'junit'
export type ReporterFactory = (options: ReporterOptions) => Reporter
