/**
 * The "Timeline" section: per step × region a strip of the last N runs on one time axis, with the date the
 * current streak began, the user's policy changes and AWS's dated changes as marked lines. Each strip is a few
 * SVG rectangles (one per streak, not per night), so a year of history stays light.
 */
import { esc } from './html.js'
import type { DashboardModel } from './model.js'
import { day } from './nights.js'
import type { AxisMarker, Night, NightMark, Strip } from './types.js'

/** Drawn heights: denials full, probes and inconclusive nights shorter, so they never read as denials. */
const SHAPE: Record<NightMark, [y: number, height: number]> = {
  allowed: [7, 4],
  expected: [7, 4],
  denied: [0, 18],
  unexpected: [0, 18],
  probe: [4, 10],
  inconclusive: [6, 6],
  skipped: [8, 2],
  absent: [0, 0],
}

const MARK_WORD: Record<NightMark, string> = {
  allowed: 'allowed',
  expected: 'denied as declared',
  denied: 'denied',
  unexpected: 'allowed although declared must-be-denied',
  probe: 'denied, then allowed on a probe',
  inconclusive: 'inconclusive',
  skipped: 'skipped',
  absent: 'not run',
}

export function renderTimeline(model: DashboardModel): string {
  const { nights, strips } = model
  const policy = model.axis.filter((m) => m.kind === 'policy')
  const older =
    model.olderRuns > 0 ? ` (${model.olderRuns} older run${model.olderRuns === 1 ? '' : 's'} not shown)` : ''
  const rows = strips.map((strip) => stripRow(strip, nights, policy, model.cellIds.get(strip.key)))
  const quiet =
    model.quietStrips > 0
      ? `<p class="muted">${model.quietStrips} step × region pair${model.quietStrips === 1 ? '' : 's'} allowed on every night shown: not drawn.</p>`
      : ''
  return `<section id="timeline" aria-labelledby="timeline-h">
<h2 id="timeline-h">Timeline: the last ${nights.length} run${nights.length === 1 ? '' : 's'}${esc(older)}</h2>
<p class="muted">From ${esc(day(nights[0]?.date ?? ''))} to ${esc(day(nights.at(-1)?.date ?? ''))}${model.emulatorDate ? ' (emulated dates)' : ''}. Tall red: denied; short orange: denied then cleared by a probe; short grey: inconclusive; thin green: allowed. Solid blue lines: your policy changes; dashed purple: AWS's dated changes.</p>
<div class="timeline">
<div class="tl-row" aria-hidden="true"><span></span>${axis(model)}<span></span></div>
${freshnessRow(nights)}
${rows.join('\n') || '<p>Nothing but allowed nights in this window.</p>'}
</div>
${quiet}
${markerList(model.axis)}
</section>`
}

function axis(model: DashboardModel): string {
  const n = Math.max(model.nights.length, 1)
  const at = (night: number) => `${((night + 0.5) / n) * 100}%`
  const ticks = tickNights(model.nights).map(
    (i) => `<span class="tick" style="left:${at(i)}">${esc(day(model.nights[i]!.date))}</span>`,
  )
  const marks = model.axis.map(
    (m) =>
      `<span class="m-${m.kind}" style="left:${at(m.night)}" title="${esc(`${m.date}: ${m.text}`)}">${m.kind === 'policy' ? 'P' : 'A'}</span>`,
  )
  return `<div class="tl-axis">${marks.join('')}${ticks.join('')}</div>`
}

/** About six evenly spaced date labels. */
function tickNights(nights: readonly Night[]): number[] {
  if (nights.length === 0) return []
  const step = Math.max(1, Math.ceil(nights.length / 6))
  const ticks: number[] = []
  for (let i = 0; i < nights.length; i += step) ticks.push(i)
  return ticks
}

function stripRow(strip: Strip, nights: readonly Night[], policy: readonly AxisMarker[], cellId?: string): string {
  const where = `${strip.region} · ${strip.scenario} / ${strip.step}`
  const since = strip.key.startsWith('region\u0000')
    ? mergedRowCounts(strip)
    : strip.since
      ? `${MARK_WORD[strip.since.mark]} since ${day(strip.since.date)}`
      : 'no conclusive night'
  const label = cellId
    ? `<button type="button" data-cell="${cellId}">${esc(where)}</button>`
    : `<span>${esc(where)}</span>`
  return `<div class="tl-row" data-key="${esc(strip.key.replaceAll('\u0000', ' | '))}">${label}${svg(strip, nights, policy)}<span class="since">${esc(since)}</span></div>`
}

/** `3 inconclusive nights`, `2 nights not run`, or both: what a region's merged row holds (strips.ts). */
function mergedRowCounts(strip: Strip): string {
  const count = (test: (mark: Strip['marks'][number]) => boolean) => strip.marks.filter(test).length
  const inconclusive = count((m) => m === 'inconclusive')
  const notRun = count((m) => m === 'skipped' || m === 'absent')
  const parts = [
    inconclusive > 0 && plural(inconclusive, 'inconclusive night'),
    notRun > 0 && `${plural(notRun, 'night')} not run`,
  ].filter(Boolean)
  return parts.join(', ') || plural(0, 'inconclusive night')
}

function svg(strip: Strip, nights: readonly Night[], policy: readonly AxisMarker[]): string {
  const n = Math.max(nights.length, 1)
  const rects = strip.streaks
    .filter((s) => s.mark !== 'absent')
    .map((s) => {
      const [y, h] = SHAPE[s.mark]
      const count = s.to - s.from + 1
      const title = `${MARK_WORD[s.mark]}: ${day(nights[s.from]!.date)} → ${day(nights[s.to]!.date)} (${count} night${count === 1 ? '' : 's'})`
      return `<rect class="s-${s.mark}" x="${s.from}" y="${y}" width="${count}" height="${h}"><title>${esc(title)}</title></rect>`
    })
  const lines = [...policy, ...strip.markers].map(
    (m) =>
      `<line class="l-${m.kind}" x1="${m.night}" x2="${m.night}" y1="0" y2="18" vector-effect="non-scaling-stroke"><title>${esc(`${m.date}: ${m.text}`)}</title></line>`,
  )
  const text = strip.streaks
    .filter((s) => s.mark !== 'absent')
    .map((s) => `${MARK_WORD[s.mark]} from ${day(nights[s.from]!.date)} for ${s.to - s.from + 1}`)
    .join('; ')
  return `<svg class="strip" viewBox="0 0 ${n} 18" preserveAspectRatio="none" role="img" aria-label="${esc(text)}">${rects.join('')}${lines.join('')}</svg>`
}

const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`

/**
 * Nights whose account was seasoned (used before), drawn on the same axis: such an account does not see
 * changes AWS applies only to accounts that never made the call, so its allowed nights prove less.
 */
function freshnessRow(nights: readonly Night[]): string {
  const seasoned = nights.filter((night) => night.freshness === 'seasoned').length
  if (seasoned === 0) return ''
  const n = Math.max(nights.length, 1)
  const rects = nights
    .map((night, i) =>
      night.freshness === 'seasoned'
        ? `<rect class="s-inconclusive" x="${i}" y="6" width="1" height="6"><title>${esc(`${day(night.date)}: seasoned account`)}</title></rect>`
        : '',
    )
    .join('')
  return `<div class="tl-row"><span>Account freshness (grey: seasoned)</span><svg class="strip" viewBox="0 0 ${n} 18" preserveAspectRatio="none" role="img" aria-label="${esc(`${seasoned} of ${nights.length} runs used a seasoned account`)}">${rects}</svg><span class="since">${esc(`${plural(seasoned, 'seasoned night')} of ${nights.length}`)}</span></div>`
}

function markerList(markers: readonly AxisMarker[]): string {
  if (markers.length === 0) return '<p class="muted">No policy change and no known AWS change in this window.</p>'
  const items = markers.map(
    (m) => `<li><strong>${m.kind === 'policy' ? 'P' : 'A'}</strong> ${esc(day(m.date))}: ${esc(m.text)}</li>`,
  )
  return `<h3>Changes on the time axis</h3><ul class="markers-list">${items.join('')}</ul>`
}
