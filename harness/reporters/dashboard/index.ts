/**
 * `<reports>/dashboard.html`: a year of runs at a glance, every region on one screen, the fix as one policy patch.
 * One self-contained static page (inline CSS and script, no external request), publishable as-is.
 */
import { join } from 'node:path'
import { writeFileAtomic } from '../../history/run-record.js'
import { buildDashboard, type DashboardInput } from './model.js'
import { renderDashboardPage } from './render-page.js'

export { readHistory } from './history-source.js'
export type { DashboardInput } from './model.js'
export { DEFAULT_NIGHTS } from './nights.js'

export const DASHBOARD_FILE = 'dashboard.html'

export function renderDashboard(input: DashboardInput): string {
  return renderDashboardPage(buildDashboard(input))
}

/** Written like every other report: rendered and redacted in full, then renamed into place (never half-written). */
export async function writeDashboard(reportsDir: string, input: DashboardInput): Promise<string> {
  const path = join(reportsDir, DASHBOARD_FILE)
  await writeFileAtomic(path, renderDashboard(input))
  return path
}
