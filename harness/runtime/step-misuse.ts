/**
 * step() and skip() calls a run record cannot hold. Step names key the history (`scenario / step @ region`):
 * two steps of one name in one scenario would overwrite each other (a denial hidden by a later allowed
 * call), and an empty or credential-shaped name fails the record's checks after the account was used.
 * Thrown from step() (not recorded as a step outcome, which would need a usable name): the scenario's crash
 * is then recorded under SCENARIO_CRASH_STEP and the run is incomplete (exit 4), never a pass.
 */
import { closest } from '../closest.js'
import { findSecretShapes } from '../outcomes/redact.js'

/** Long enough for any descriptive name; a longer one is data, not a name. */
export const MAX_STEP_NAME_LENGTH = 120

const STEP_OPTIONS = ['dependsOn', 'expect'] as const

export class StepMisuseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StepMisuseError'
  }
}

/** Throws StepMisuseError naming the problem; `used` holds the names this scenario already recorded here. */
export function assertUsableStep(name: unknown, options: unknown, used: ReadonlySet<string>): asserts name is string {
  const problem = nameProblem(name, used) ?? optionsProblem(options, used)
  if (problem) throw new StepMisuseError(problem)
}

function nameProblem(name: unknown, used: ReadonlySet<string>): string | undefined {
  if (typeof name !== 'string' || name.trim() === '') return `a step needs a non-empty name (got ${describe(name)})`
  if (name.length > MAX_STEP_NAME_LENGTH)
    return `step name "${name.slice(0, 40)}…" is ${name.length} characters; at most ${MAX_STEP_NAME_LENGTH}`
  const shapes = findSecretShapes(name)
  // The name is not repeated: it is shaped like a credential.
  if (shapes.length > 0)
    return `a step name is shaped like a ${shapes.join(', ')}: name the step after the call it makes`
  if (used.has(name))
    return `step "${name}" already ran in this scenario: step names key the history (scenario / step @ region), so each is used once per scenario`
  return undefined
}

function optionsProblem(options: unknown, used: ReadonlySet<string>): string | undefined {
  if (options === undefined) return undefined
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    return `step options must be an object like { expect: 'denied' } (got ${describe(options)})`
  const record = options as Record<string, unknown>
  const unknown = Object.keys(record).filter((key) => !(STEP_OPTIONS as readonly string[]).includes(key))
  if (unknown.length > 0)
    return `unknown step option ${unknown.map((key) => `"${key}"`).join(', ')} (known: ${STEP_OPTIONS.join(', ')})`
  if (record.expect !== undefined && record.expect !== 'denied')
    return `step option expect must be 'denied' (got ${describe(record.expect)})`
  const dependsOn = record.dependsOn
  const names = Array.isArray(dependsOn) ? dependsOn : [dependsOn]
  if (dependsOn !== undefined && !names.every((name) => typeof name === 'string' && name !== ''))
    return `step option dependsOn must be a step name or a list of them (got ${describe(dependsOn)})`
  // A name no earlier step() or skip() used, close to one that was, is a typo: the step would be skipped for
  // good and never tested (QA: dependsOn 'CreateTopik' passed the run). One unlike any is a step a branch
  // did not reach, and the step is skipped as "did not run" (review).
  const typo =
    dependsOn === undefined
      ? undefined
      : names.find((name) => !used.has(name as string) && nearestUsed(name as string, used))
  if (typo !== undefined)
    return `step option dependsOn names ${describe(typo)}, which no earlier step() or skip() of this scenario used (did you mean "${nearestUsed(typo as string, used)}"?)`
  return undefined
}

const nearestUsed = (name: string, used: ReadonlySet<string>): string | undefined => closest(name, [...used])

const describe = (value: unknown): string =>
  typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : Array.isArray(value) ? 'a list' : String(value)
