/** Reporter registry: name → factory, and one call that runs a set of them. */

import { withOpenCauses } from '../history/open-cause.js'
import { windowOf } from '../history/run-window.js'
import { renderConsoleSummary } from './console-summary.js'
import { readHistory, writeDashboard } from './dashboard/index.js'
import { writeDriftJson } from './drift-json.js'
import { writeDriftMarkdown } from './drift-markdown.js'
import { followUpConsole } from './follow-up-section.js'
import { writeHtmlReport } from './html-report.js'
import { writeJunit } from './junit.js'
import type { ReportContext, Reporter, ReporterFactory, ReporterName, ReporterOptions } from './types.js'

export { renderConsoleSummary } from './console-summary.js'
export { DASHBOARD_FILE, DEFAULT_NIGHTS, renderDashboard, writeDashboard } from './dashboard/index.js'
export { renderDriftJson, writeDriftJson } from './drift-json.js'
export { renderDriftMarkdown, writeDriftMarkdown } from './drift-markdown.js'
export { renderHtmlReport, writeHtmlReport } from './html-report.js'
export { renderJunit, writeJunit } from './junit.js'
export { regionVerdicts } from './region-verdict.js'
export type { ReportContext, Reporter, ReporterFactory, ReporterName, ReporterOptions } from './types.js'

export const REPORTERS: Record<ReporterName, ReporterFactory> = {
  console: ({ stdout, color }) => ({
    name: 'console',
    onReport: ({ report, current }) => {
      stdout(renderConsoleSummary(report, { color }) + followUpConsole(current))
      return []
    },
  }),
  json: () => ({
    name: 'json',
    onReport: async ({ reportsDir, report, current }) => [await writeDriftJson(reportsDir, report, current)],
  }),
  markdown: () => ({
    name: 'markdown',
    onReport: async ({ reportsDir, report, current, baseline }) => [
      await writeDriftMarkdown(reportsDir, report, current, baseline),
    ],
  }),
  html: () => ({
    name: 'html',
    onReport: async ({ reportsDir, report, current, baseline }) => [
      await writeHtmlReport(reportsDir, report, current, baseline),
    ],
  }),
  dashboard: () => ({
    name: 'dashboard',
    onReport: async ({ reportsDir, report, current, history, nights }) => [
      await writeDashboard(reportsDir, {
        report,
        current,
        history: history ?? (await readHistory(reportsDir)),
        ...(nights ? { nights } : {}),
      }),
    ],
  }),
  junit: () => ({
    name: 'junit',
    onReport: async ({ reportsDir, report, current }) => [await writeJunit(reportsDir, report, current)],
  }),
}

/** Files first, console last, so the summary can be followed by where the files are. */
export const DEFAULT_REPORTERS: readonly ReporterName[] = ['json', 'markdown', 'html', 'dashboard', 'junit', 'console']

export function createReporters(names: readonly ReporterName[], options: ReporterOptions): Reporter[] {
  return names.map((name) => REPORTERS[name](options))
}

/** Runs every reporter's onReport in order and returns all files written. */
export async function runReporters(reporters: readonly Reporter[], context: ReportContext): Promise<string[]> {
  const attributed = await attributeStillDenied(context)
  const files: string[] = []
  for (const reporter of reporters) files.push(...((await reporter.onReport?.(attributed)) ?? []))
  return files
}

/**
 * A still-denied step carries no cause of its own (the diff attributes the night a step changed): every
 * reporter gets the one the dashboard works out against the last run that allowed it (open-cause.ts).
 */
async function attributeStillDenied(context: ReportContext): Promise<ReportContext> {
  const { report, current } = context
  if (!report.changes.some((change) => change.stillDenied && !change.cause)) return context
  const history = context.history ?? (await readHistory(context.reportsDir))
  const comparable = windowOf(current, history, Number.MAX_SAFE_INTEGER)
  return { ...context, history, report: { ...report, changes: withOpenCauses(report.changes, current, comparable) } }
}
