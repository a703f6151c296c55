/**
 * Which calls a rule hits. Matching narrows by service, operation, region and account; then
 * `rate` draws from a PRNG seeded per rule (rule.seed, else the emulator seed and the rule's
 * position) so a run reproduces, and `count` caps how many times the rule fires.
 */
import type { FaultRule } from './types.js'

export interface CallFacts {
  service: string
  iamPrefix: string
  operation: string
  region: string
  /** The region the call acts on when it names one (the Account API's RegionName): matched instead of `region`. */
  targetRegion?: string
  accountId: string
}

interface RuleRuntime {
  fired: number
  random: () => number
}

/** Per emulator state (a reset starts counting afresh, even with the same rule objects), per rule. */
const runtimes = new WeakMap<object, WeakMap<FaultRule, RuleRuntime>>()

export function ruleMatches(rule: FaultRule, call: CallFacts): boolean {
  return (
    matchesAny(rule.service, [call.service, call.iamPrefix]) &&
    matchesAny(rule.operation, [call.operation]) &&
    matchesAny(rule.region, [call.targetRegion ?? call.region]) &&
    matchesAny(rule.accountId, [call.accountId])
  )
}

/** Decides (and counts) whether this matching call faults; `owner` is the emulator state. */
export function ruleFires(owner: object, rule: FaultRule, position: number, emulatorSeed: number): boolean {
  const runtime = runtimeOf(owner, rule, position, emulatorSeed)
  if (rule.count !== undefined && runtime.fired >= rule.count) return false
  if (rule.rate !== undefined && runtime.random() >= rule.rate) return false
  runtime.fired++
  return true
}

function runtimeOf(owner: object, rule: FaultRule, position: number, emulatorSeed: number): RuleRuntime {
  const perRule = runtimes.get(owner) ?? new WeakMap<FaultRule, RuleRuntime>()
  runtimes.set(owner, perRule)
  let runtime = perRule.get(rule)
  if (!runtime) {
    const seed = rule.seed ?? emulatorSeed * 1_000_003 + position
    runtime = { fired: 0, random: mulberry32(seed) }
    perRule.set(rule, runtime)
  }
  return runtime
}

function matchesAny(wanted: string | string[] | undefined, actual: string[]): boolean {
  if (wanted === undefined) return true
  const list = Array.isArray(wanted) ? wanted : [wanted]
  return list.some(
    (value) => value === '*' || actual.some((candidate) => candidate.toLowerCase() === value.toLowerCase()),
  )
}

/** Small, well-distributed 32-bit PRNG (public domain); enough for reproducible fault draws. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
