/**
 * Action ablation by adaptive group testing: try to drop a whole group of actions in one probe; if a step is
 * then denied, split the group in halves and try each. An action is kept only when dropping it alone broke a
 * step, or when a denial in a probe dropping it named it: AWS's own message shortcuts the halving. That
 * probe's denials are its evidence. Groups are tried one after another on the policy as it stands, so
 * alternatives (logs:TagResource or logs:TagLogGroup) end with exactly one kept.
 */
import type { StepResult } from '../history/types.js'
import type { ProbeResult } from './probe.js'

export interface Evidence {
  action: string
  /** `scenario / step @ region: <outcome>` for each step that failed without the action. */
  neededBy: string[]
}

export interface AblationResult {
  kept: string[]
  evidence: Evidence[]
  /** The last probe that passed, with the kept actions. */
  lastPassing?: ProbeResult
}

export async function ablateActions(
  candidates: readonly string[],
  probeWith: (actions: string[]) => Promise<ProbeResult>,
): Promise<AblationResult> {
  let kept = [...candidates]
  const evidence: Evidence[] = []
  let lastPassing: ProbeResult | undefined
  const tryDropping = async (group: string[]): Promise<void> => {
    if (group.length === 0) return
    const without = kept.filter((action) => !group.includes(action))
    const result = await probeWith(without)
    if (result.ok) {
      kept = without
      lastPassing = result
      return
    }
    if (group.length === 1) {
      evidence.push({ action: group[0] as string, neededBy: failedSteps(result.results) })
      return
    }
    const named = group.filter((action) => namedByDenial(result.results, action).length > 0)
    if (named.length > 0) {
      for (const action of named)
        evidence.push({ action, neededBy: failedSteps(namedByDenial(result.results, action)) })
      await tryDropping(group.filter((action) => !named.includes(action)))
      return
    }
    const middle = Math.ceil(group.length / 2)
    await tryDropping(group.slice(0, middle))
    await tryDropping(group.slice(middle))
  }
  // Dropping every candidate at once can only pass when the scenarios need nothing; start with halves.
  const middle = Math.ceil(candidates.length / 2)
  if (candidates.length === 1) await tryDropping([...candidates])
  else {
    await tryDropping(candidates.slice(0, middle))
    await tryDropping(candidates.slice(middle))
  }
  return { kept, evidence: evidence.filter((entry) => kept.includes(entry.action)), lastPassing }
}

/** Steps whose denial names exactly this action (not a list of candidates). */
function namedByDenial(results: StepResult[], action: string): StepResult[] {
  return results.filter(
    (result) =>
      result.outcome.kind === 'denied' && result.outcome.denied?.action?.toLowerCase() === action.toLowerCase(),
  )
}

function failedSteps(results: StepResult[]): string[] {
  return results
    .filter((result) => result.outcome.kind !== 'allowed')
    .map((result) => {
      const outcome = result.outcome
      const named =
        outcome.kind === 'denied'
          ? (outcome.denied?.action ?? outcome.denied?.actionCandidates?.join(' or '))
          : undefined
      const what = named ? `denied, AWS named ${named}` : outcome.kind
      return `${result.scenario} / ${result.step} @ ${result.region}: ${what}`
    })
}
