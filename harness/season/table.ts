/** SEASON.md: a season's figures as Markdown tables, each target reported as met or not. Pure. */
import type { ChangeResult } from './attribute.js'
import type { EmulatorSeasonResult } from './emulator-season.js'
import type { SeasonResult } from './simulate.js'

const mark = (ok: boolean) => (ok ? 'met' : '**NOT met**')

export interface SeasonShape {
  seed: number
  nights: number
  regions: number
  scenarios: number
  freshEvery: number
}

const shape = (s: SeasonShape) => `${s.nights} (seed ${s.seed}, ${s.regions} regions × ${s.scenarios} scenarios)`

export function seasonTable(r: SeasonResult): string {
  const o = r.options
  return [
    `| Figure | Value | Target |`,
    `|---|---|---|`,
    `| nights simulated | ${shape({ ...o, scenarios: o.scenarios.length })} | |`,
    `| nights run | ${r.nightsRun} | |`,
    `| nights killed (SIGKILL part-way; its accounts stay pooled, planned use counted as used) | ${r.nightsKilled} | |`,
    `| nights blocked (could test nothing) | ${r.nightsBlocked} | 0: ${mark(r.nightsBlocked === 0)} |`,
    `| accounts vended / closed | ${r.vended} / ${r.closed} | |`,
    `| accounts held, max vs quota | ${r.maxHeld} / ${r.quota} (reserve ${o.reserve}) | never above: ${mark(!r.aboveQuota)} |`,
    `| fresh every N nights: wanted / best sustainable with no night lost / kept with slack for lost nights | ${o.freshEvery} / ${r.achievableN ?? 'none'} / ${r.withSlackN ?? 'none'} | |`,
    `| fresh every N nights the planner promised (and planned for) | ${r.promisedN ?? 'none'} | |`,
    gapRow(r.largestGap, r.promisedN ?? o.freshEvery),
    detectedRow(r.changes, r.promisedN ?? o.freshEvery, o.nights),
    '',
    ...changeRows(r.changes, r.promisedN ?? o.freshEvery, o.nights),
  ].join('\n')
}

export function emulatorSeasonTable(r: EmulatorSeasonResult, s: SeasonShape & { strategy: string }): string {
  return [
    `| Figure | Value | Target |`,
    `|---|---|---|`,
    `| nights simulated | ${shape(s)}, strategy ${s.strategy} | |`,
    `| wall time on this machine | ${r.seconds.toFixed(0)} s (${(r.seconds / s.nights).toFixed(1)} s a night) | a few minutes |`,
    `| nights run | ${r.nightsRun} | |`,
    `| nights killed (harness run SIGKILLed part-way; the next run sweeps) | ${r.nightsKilled} | |`,
    `| nights blocked (could test nothing) | ${r.nightsBlocked} | 0: ${mark(r.nightsBlocked === 0)} |`,
    `| accounts vended (Organizations ListAccounts) | ${r.vended} | |`,
    `| accounts held, max vs quota | ${r.maxHeld} / ${r.quota} | never above: ${mark(r.maxHeld <= r.quota)} |`,
    gapRow(r.largestGap, s.freshEvery),
    detectedRow(r.changes, s.freshEvery, s.nights),
    `| false regressions or open denials (no generated change applied) | ${r.falseRegressions.length} | 0: ${mark(r.falseRegressions.length === 0)} |`,
    `| resources left over (/_emulator/resources) | ${r.leftoverResources} | 0: ${mark(r.leftoverResources === 0)} |`,
    `| member accounts still open at the end | ${r.leftoverAccounts} | ${s.strategy === 'per-run' ? `0: ${mark(r.leftoverAccounts === 0)}` : 'the pool'} |`,
    '',
    ...changeRows(r.changes, s.freshEvery, s.nights),
    ...falseRows(r),
  ].join('\n')
}

function gapRow(gap: number, freshEvery: number): string {
  return `| largest gap between fresh tests of a (scenario, region) | ${gap} nights | ≤ ${freshEvery}: ${mark(gap <= freshEvery)} |`
}

/** Not detected, and the season ended before its budget did: neither caught nor late yet. */
const pending = (c: ChangeResult, freshEvery: number, nights: number) =>
  c.detectedNight === undefined && Math.min(...c.change.arrivals.values()) + freshEvery >= nights

function detectedRow(changes: ChangeResult[], freshEvery: number, nights: number): string {
  const detected = changes.filter((c) => c.detectedNight !== undefined)
  const inBudget = detected.filter((c) => (c.delay ?? 0) <= freshEvery)
  const open = changes.filter((c) => pending(c, freshEvery, nights))
  const decided = changes.length - open.length
  const pendingNote = open.length > 0 ? `; ${open.length} arrived within ${freshEvery} nights of the end, pending` : ''
  return `| changes detected (within ${freshEvery} nights) | ${detected.length} / ${changes.length} (${inBudget.length})${pendingNote} | all, within budget: ${mark(inBudget.length === decided)} |`
}

/** The blast radius the run reported, and whether it is the change's own. */
function radiusOf(c: ChangeResult): string {
  if (c.detectedNight === undefined) return '—'
  if (!c.blastRadius) return 'not reported'
  const right = c.blastRadius === (c.change.who === 'fresh-only' ? 'new accounts only' : 'all accounts')
  return right ? c.blastRadius : `${c.blastRadius} (**wrong**)`
}

function changeRows(changes: ChangeResult[], freshEvery: number, nights: number): string[] {
  return [
    `| Change | Kind | Regions | First arrival (night) | Detected (night, region) | Delay (nights) | Blast radius |`,
    `|---|---|---|---|---|---|---|`,
    ...changes.map((c) => {
      const first = Math.min(...c.change.arrivals.values())
      const missed = pending(c, freshEvery, nights) ? 'pending (season ended)' : 'not detected'
      const found = c.detectedNight === undefined ? missed : `${c.detectedNight}, ${c.detectedRegion}`
      return `| ${c.change.id} (${c.change.scenario}) | ${c.change.who} | ${c.change.arrivals.size} | ${first} | ${found} | ${c.delay ?? '—'} | ${radiusOf(c)} |`
    }),
  ]
}

function falseRows(r: EmulatorSeasonResult): string[] {
  if (r.falseRegressions.length === 0) return []
  return [
    '',
    `| False regression | Night | Region |`,
    `|---|---|---|`,
    ...r.falseRegressions.slice(0, 20).map((f) => `| ${f.scenario} / ${f.step} | ${f.night} | ${f.region} |`),
  ]
}
