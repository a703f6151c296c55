/**
 * Which generated change a reported regression belongs to. Pure. A regression in (scenario, region)
 * on a night the change had reached that region detects it (the first one counts, its delay measured
 * from the change's first arrival in a tested region); a regression no change explains is a false one.
 * When several changes reached the step, the one whose permission the denial names is the one seen.
 */
import type { SimChange } from './changes.js'

export type BlastRadius = 'new accounts only' | 'all accounts'

export interface ChangeResult {
  change: SimChange
  detectedNight?: number
  detectedRegion?: string
  /** Nights from its arrival in the first tested region to the first confirmed regression. */
  delay?: number
  /** As the run reported it; undefined when the run reported none. */
  blastRadius?: BlastRadius
}

export interface ReportedRegression {
  scenario: string
  region: string
  step: string
  /** The permission the denial named (drift.json `missingAction`). */
  missingAction?: string
  blastRadius?: BlastRadius
}

export interface FalseRegression extends ReportedRegression {
  night: number
}

/** Marks what tonight's regressions detected; returns the ones no change explains. */
export function attributeRegressions(
  results: ChangeResult[],
  regressions: readonly ReportedRegression[],
  night: number,
  testedRegions: readonly string[],
  /** Change id → the permission it requires. */
  actions: ReadonlyMap<string, string>,
): FalseRegression[] {
  const falseOnes: FalseRegression[] = []
  for (const regression of regressions) {
    const explaining = results.filter((r) => {
      const arrived = r.change.arrivals.get(regression.region)
      return r.change.scenario === regression.scenario && arrived !== undefined && arrived <= night
    })
    if (explaining.length === 0) {
      falseOnes.push({ ...regression, night })
      continue
    }
    const named = explaining.find((r) => actions.get(r.change.id) === regression.missingAction)
    const first = named ?? explaining.find((r) => r.detectedNight === undefined)
    if (!first || first.detectedNight !== undefined) continue
    const arrivalsInTested = testedRegions.flatMap((region) => first.change.arrivals.get(region) ?? [])
    first.detectedNight = night
    first.detectedRegion = regression.region
    first.delay = night - Math.min(...arrivalsInTested)
    first.blastRadius = regression.blastRadius
  }
  return falseOnes
}
