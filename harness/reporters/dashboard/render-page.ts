/** The whole dashboard page: header, Now, Timeline, Fix, the findings in full (for print and no-script), a dialog. */
import { redactSecrets } from '../../outcomes/redact.js'
import { formatTime, targetLabel } from '../format.js'
import { embedJson, esc } from './html.js'
import type { DashboardModel } from './model.js'
import { day } from './nights.js'
import { renderFix } from './render-fix.js'
import { renderNow } from './render-now.js'
import { renderTimeline } from './render-timeline.js'
import { DASHBOARD_SCRIPT } from './script.js'
import { DASHBOARD_STYLE } from './style.js'
import type { NowCell } from './types.js'

/** Findings printed in full below the fold; beyond this many the drill-down dialog still has each one. */
const MAX_FINDINGS = 100

export function renderDashboardPage(model: DashboardModel): string {
  const title = `Permission drift dashboard — run ${model.runId}`
  const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(title)}</title>
<style>${DASHBOARD_STYLE}</style>
</head>
<body>
<main>
<h1>Permission drift dashboard</h1>
<p class="facts">Run <strong>${esc(model.runId)}</strong>, started ${esc(formatTime(model.startedAt))}${model.emulatorDate ? `, emulated date ${esc(day(model.emulatorDate))}` : ''} · ${esc(targetLabel(model.target, model.endpoint))} · verdict: <strong>${esc(model.verdict)}</strong></p>
<nav class="jump" aria-label="Sections"><a href="#now">Now</a><a href="#timeline">Timeline</a><a href="#fix">Fix</a><a href="#findings">Findings in full</a></nav>
${renderNow(model)}
${renderTimeline(model)}
${renderFix(model)}
${renderFindings(model)}
</main>
<dialog id="drill" aria-labelledby="drill-title"><div id="drill-body"></div><p><button type="button" id="drill-close">Close (Esc)</button></p></dialog>
<script type="application/json" id="drill-data">${embedJson(model.drill)}</script>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`
  return redactSecrets(page)
}

function renderFindings(model: DashboardModel): string {
  const cells = model.rows.flatMap((row) =>
    row.cells.filter((c): c is NowCell => c !== undefined && (c.tone === 'bad' || c.tone === 'warn')),
  )
  if (cells.length === 0) return '<section id="findings"><h2>Findings in full</h2><p>None.</p></section>'
  const shown = cells.slice(0, MAX_FINDINGS).map((cell) => {
    const drill = model.drill[cell.id]
    if (!drill) return ''
    const rows = drill.rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')
    // The fix's statement follows the rows that introduce it ("… as in"), as in the drill-down.
    const statement = drill.statement ? `<pre class="statement">${esc(drill.statement)}</pre>` : ''
    const message = drill.message
      ? `<details><summary>Raw AWS message</summary><pre>${esc(drill.message)}</pre></details>`
      : ''
    return `<section class="finding" aria-label="${esc(`${cell.label}: ${drill.title}`)}"><h3>${esc(cell.label)}: ${esc(drill.title)}</h3><dl class="rows">${rows}</dl>${statement}${message}</section>`
  })
  const more =
    cells.length > MAX_FINDINGS
      ? `<p>… and ${cells.length - MAX_FINDINGS} more: open each from the grid above.</p>`
      : ''
  return `<section id="findings" aria-labelledby="findings-h"><h2 id="findings-h">Findings in full</h2>${shown.join('\n')}${more}</section>`
}
