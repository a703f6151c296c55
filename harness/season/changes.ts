/** A generated timeline of AWS changes: one scenario's operation, a kind, and a region-by-region rollout. */
import type { PlannedScenario } from '../plan/types.js'

export interface SimChange {
  id: string
  scenario: string
  who: 'fresh-only' | 'all-accounts'
  /** Region → night it arrives there. */
  arrivals: Map<string, number>
}

export function generateChanges(
  random: () => number,
  count: number,
  nights: number,
  regions: readonly string[],
  scenarios: PlannedScenario[],
): SimChange[] {
  const changes: SimChange[] = []
  for (let i = 0; i < count; i++) {
    // After two nights of baseline (a change on a step's first run is an open denial, not a regression), and early
    // enough to leave the last rollouts time to be caught (60 nights in a year, a third of a short season).
    const start = 2 + Math.floor(random() * Math.max(1, nights - 2 - Math.min(60, Math.floor(nights / 3))))
    const order = shuffle([...regions], random)
    const reach = Math.max(1, Math.ceil(order.length * (0.3 + 0.7 * random())))
    // Like the 2022 Logs rollout: a region every few days, over weeks.
    const step = 1 + Math.floor(random() * 4)
    const arrivals = new Map(order.slice(0, reach).map((region, index) => [region, start + index * step]))
    changes.push({
      id: `change-${i + 1}`,
      scenario: scenarios[Math.floor(random() * scenarios.length)]!.name,
      who: random() < 0.7 ? 'fresh-only' : 'all-accounts',
      arrivals,
    })
  }
  return changes
}

/** Fisher–Yates with the seeded generator. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    const swap = items[i]!
    items[i] = items[j]!
    items[j] = swap
  }
  return items
}
