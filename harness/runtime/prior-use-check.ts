/**
 * Before a run trusts its account as fresh in a region, CloudTrail is asked whether anything else
 * (StackSets, Control Tower, Config) already used the scenarios' operations there
 * (accounts/prior-use.ts). Found use marks that scenario's steps in that region not fresh, goes to
 * the ledger, and is said on the console. A lookup that fails is a warning, never a failed run:
 * the steps then keep the freshness the ledger gives them.
 */
import type { FoundUse } from '../accounts/ledger.js'
import { findPriorUse } from '../accounts/prior-use.js'
import type { AccountSession } from '../accounts/types.js'
import { redactSecrets } from '../outcomes/redact.js'
import type { Progress, Scenario } from './types.js'

/** Scenario name → what CloudTrail showed already used in the region (scenarios with nothing found are absent). */
export type PriorUseByScenario = Map<string, FoundUse[]>

export async function checkPriorUse(
  session: AccountSession,
  region: string,
  scenarios: readonly Scenario[],
  progress: Progress,
): Promise<PriorUseByScenario> {
  const keys = [...new Set(scenarios.flatMap((scenario) => scenario.operations ?? []))]
  const byScenario: PriorUseByScenario = new Map()
  if (keys.length === 0) return byScenario
  let found: FoundUse[]
  try {
    found = await findPriorUse(session, new Map([[region, keys]]))
  } catch (error) {
    progress.region(region, `CloudTrail check skipped: ${redactSecrets((error as Error).message)}`)
    return byScenario
  }
  for (const scenario of scenarios) {
    const mine = found.filter((use) => (scenario.operations ?? []).some((op) => use.key === `${op}@${region}`))
    if (mine.length === 0) continue
    byScenario.set(scenario.name, mine)
    const what = mine.map((use) => `${use.key.split('@')[0]} on ${use.eventTime.slice(0, 10)}`).join(', ')
    progress.region(region, `account already used (CloudTrail): ${what} — ${scenario.name} runs NOT fresh here`)
  }
  return byScenario
}

/** What a step record says when its scenario's operations were already used in the region. */
export function notFreshReason(uses: FoundUse[]): string {
  return `already used before this run (CloudTrail): ${uses.map((use) => `${use.key} at ${use.eventTime}${use.by ? ` by ${use.by}` : ''}`).join('; ')}`
}
