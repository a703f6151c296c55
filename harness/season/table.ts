/** SEASON.md: the simulation's figures as a Markdown table, targets reported as met or not. Pure. */
import type { SeasonResult } from './simulate.js'

const mark = (ok: boolean) => (ok ? 'met' : '**NOT met**')

export function seasonTable(r: SeasonResult): string {
  const detected = r.changes.filter((c) => c.detectedNight !== undefined)
  const withinBudget = detected.filter((c) => (c.delay ?? 0) <= r.options.freshEvery)
  const lines = [
    `| Figure | Value | Target |`,
    `|---|---|---|`,
    `| nights simulated | ${r.options.nights} (seed ${r.options.seed}, ${r.options.regions} regions × ${r.options.scenarios.length} scenarios) | |`,
    `| nights run | ${r.nightsRun} | |`,
    `| nights killed (SIGKILL after vending; next night sweeps) | ${r.nightsKilled} | |`,
    `| nights blocked (could test nothing) | ${r.nightsBlocked} | 0: ${mark(r.nightsBlocked === 0)} |`,
    `| accounts vended / closed | ${r.vended} / ${r.closed} | |`,
    `| accounts held, max vs quota | ${r.maxHeld} / ${r.quota} (reserve ${r.options.reserve}) | never above: ${mark(!r.aboveQuota)} |`,
    `| fresh every N nights: wanted / best sustainable | ${r.options.freshEvery} / ${r.achievableN ?? 'none'} | |`,
    `| largest gap between fresh tests of a (scenario, region) | ${r.largestGap} nights | ≤ ${r.options.freshEvery}: ${mark(r.largestGap <= r.options.freshEvery)} |`,
    `| changes detected | ${detected.length} / ${r.changes.length} | all, within budget: ${mark(withinBudget.length === r.changes.length)} |`,
    `| accounts left over at the end (orphans) | ${r.leftoverAccounts} | 0: ${mark(r.leftoverAccounts === 0)} |`,
    '',
    `| Change | Kind | Regions | First arrival (night) | Detected (night, region) | Delay (nights) | Blast radius |`,
    `|---|---|---|---|---|---|---|`,
    ...r.changes.map((c) => {
      const first = Math.min(...c.change.arrivals.values())
      const found = c.detectedNight === undefined ? 'not detected' : `${c.detectedNight}, ${c.detectedRegion}`
      return `| ${c.change.id} (${c.change.scenario}) | ${c.change.who} | ${c.change.arrivals.size} | ${first} | ${found} | ${c.delay ?? '—'} | ${c.blastRadius ?? '—'} |`
    }),
  ]
  return lines.join('\n')
}
