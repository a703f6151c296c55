/** The "Now" section: regions as rows (findings first, clean ones folded into one line), steps as columns. */
import { plural } from '../region-verdict.js'
import { esc } from './html.js'
import type { DashboardModel } from './model.js'
import type { NowCell, RegionRow, StepColumn } from './types.js'

export function renderNow(model: DashboardModel): string {
  const { rows, cleanRows, columns } = model
  const headline = headlineOf(model)
  const head = `<tr><th scope="col" class="region-head">Region</th>${columns.map(columnHead).join('')}</tr>`
  const folded = cleanRows.length > 0 ? foldedRow(model, columns.length) : ''
  const clean =
    cleanRows.length > 0 ? `<tbody id="clean-regions" hidden>${cleanRows.map(rowHtml).join('')}</tbody>` : ''
  return `<section id="now" aria-labelledby="now-h">
<h2 id="now-h">Now: run ${esc(model.runId)}</h2>
<p class="headline">${headline}</p>
<table class="grid" aria-describedby="grid-help">
<caption id="grid-help" class="muted" style="caption-side:bottom;text-align:left;padding-top:6px">Each cell: the step's state in words, then its cause and the account's freshness. Tab to a cell, move with the arrow keys, Enter opens its details.</caption>
<thead>${head}</thead>
<tbody>${rows.map(rowHtml).join('')}${folded}</tbody>
${clean}
</table>
${legend()}
</section>`
}

/** "2 regions need attention; 1 region worth a look (…); 31 regions: no drift." */
function headlineOf({ rows, cleanRows, folded }: DashboardModel): string {
  const regions = (count: number) => plural(count, 'region')
  const attention = rows.filter((row) => row.attention).length
  const worthALook = rows.length - attention
  if (rows.length === 0) return `No region needs attention. ${esc(folded)}.`
  const parts = [
    attention === 0 ? 'No region needs attention' : `${regions(attention)} need${attention === 1 ? 's' : ''} attention`,
    worthALook > 0 && `${regions(worthALook)} worth a look (a denial gone or probed out)`,
    cleanRows.length > 0 && esc(folded),
  ]
  return `${parts.filter(Boolean).join('; ')}.`
}

function columnHead(column: StepColumn): string {
  const service = column.scenario.split('/')[0] ?? column.scenario
  const full = `${column.scenario} / ${column.step}`
  return `<th scope="col" title="${esc(full)}"><span class="vert">${esc(service)} · ${esc(column.step)}</span></th>`
}

function rowHtml(row: RegionRow): string {
  return `<tr><th scope="row">${esc(row.region)}<span class="verdict">${esc(row.verdict)}</span></th>${row.cells.map(cellHtml).join('')}</tr>`
}

function cellHtml(cell: NowCell | undefined): string {
  if (!cell) return '<td class="t-none"><span class="label" style="padding:3px">not run</span></td>'
  return `<td class="t-${cell.tone}"><button type="button" data-cell="${cell.id}" aria-label="${esc(cell.description)}" title="${esc(cell.description)}"><span class="label">${esc(cell.label)}</span><span class="detail">${esc(cell.detail)}</span></button></td>`
}

function foldedRow(model: DashboardModel, columns: number): string {
  const names = model.cleanRows.map((row) => row.region).join(', ')
  const count = model.cleanRows.length
  return `<tr class="folded"><th scope="row">${esc(model.folded)}</th><td colspan="${columns}">${esc(names)}<button type="button" id="unfold" aria-expanded="false" aria-controls="clean-regions" data-show="show their ${count} rows" data-hide="hide them">show their ${count} rows</button></td></tr>`
}

const LEGEND: Array<[string, string, string]> = [
  ['bad', 'REGRESSED', 'allowed before, denied now'],
  ['bad', 'STILL DENIED', 'regressed earlier, not fixed yet'],
  ['bad', 'DENIED', 'denied, never allowed (open denial)'],
  ['bad', 'MUST DENY', 'allowed, but declared must-be-denied'],
  ['warn', 'CHANGED', 'denied for another permission'],
  ['warn', 'INCONCL.', 'throttled, error, region not ready'],
  ['info', 'PROBE OK', 'denied, then allowed on a probe'],
  ['info', 'RELAXED', 'denied before, allowed now'],
  ['good', 'ok', 'allowed as before'],
  ['neutral', 'AWS / policy / guardrail', 'cause'],
  ['neutral', 'fresh / seasoned', 'account never used before / reused'],
  ['neutral', '≠ docs', 'AWS disagrees with the documented rules'],
]

function legend(): string {
  return `<ul class="legend" aria-label="Legend">${LEGEND.map(([tone, word, meaning]) => `<li><span class="t-${tone}">${esc(word)}</span>${esc(meaning)}</li>`).join('')}</ul>`
}
