/**
 * Seeded generated histories for the index tests and the history-scale bench: nights of runs over
 * scenarios × steps × regions, with partial runs, inconclusive and skipped steps, probed denials, expected
 * denials, changing denials and policies, and several comparability classes. Not used at runtime.
 */
import { mulberry32 } from '../emulator/faults/selection.js'
import type { Outcome } from '../outcomes/types.js'
import { allowed, deniedBy, failed, skipped } from './run-fixtures.js'
import { newRunId } from './run-id.js'
import type { RunRecord, StepResult } from './types.js'

export interface HistoryShape {
  nights: number
  regions: number
  scenarios: number
  steps: number
  seed?: number
  /** Vary target, endpoint and freshness between runs (default true). */
  mixClasses?: boolean
  /** Share of runs that cover only some regions and scenarios (default 0.2). */
  partialShare?: number
  /** Chance a step's outcome differs from the night before (default 1: every night drawn anew). */
  changeRate?: number
  /** Share of drawn outcomes that are allowed (default 0.55); the rest are denials, inconclusive, skipped, probed. */
  allowedShare?: number
}

const DAY = 86_400_000
const START = Date.parse('2026-01-01T02:00:00.000Z')

/** Yields the runs oldest first, one at a time, so a year of them never sits in memory at once. */
const REPLAY_OFFSET_MS = 4 * 365 * 86_400_000

export function* generateHistory(shape: HistoryShape): Generator<RunRecord> {
  const random = mulberry32(shape.seed ?? 13)
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const regions = Array.from({ length: shape.regions }, (_, i) => `region-${String(i).padStart(2, '0')}`)
  const scenarios = Array.from({ length: shape.scenarios }, (_, i) => `svc${i % 5}/scenario-${i}`)
  const policies = [
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['logs:*'], Resource: '*' }] },
    undefined,
  ]
  const previous = new Map<string, StepResult>()
  const mix = shape.mixClasses ?? true
  for (let night = 0; night < shape.nights; night++) {
    const startedAt = new Date(START + night * DAY + Math.floor(random() * 1000) * 1000)
    const partial = random() < (shape.partialShare ?? 0.2)
    // A pool night: each step records its own freshness, some found used before (history/step-freshness.ts).
    const pool = random() < 0.3
    const runRegions = partial ? regions.filter(() => random() < 0.5) : regions
    const runScenarios = partial ? scenarios.filter(() => random() < 0.6) : scenarios
    const results: StepResult[] = []
    for (const region of runRegions)
      for (const scenario of runScenarios)
        for (let s = 0; s < shape.steps; s++) {
          const step = `Step${s}`
          const key = `${scenario}/${step}@${region}`
          const before = previous.get(key)
          const result =
            before && random() >= (shape.changeRate ?? 1)
              ? { ...before, startedAt: startedAt.toISOString(), finishedAt: startedAt.toISOString() }
              : resultOf(random, pick, { scenario, step, region, at: startedAt.toISOString(), index: s }, shape)
          previous.set(key, result)
          results.push(withFreshness(result, random, mix && pool))
        }
    const policy = pick(policies)
    yield {
      schemaVersion: 2,
      runId: newRunId(startedAt, night.toString(16).padStart(6, '0')),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date(startedAt.getTime() + 600_000).toISOString(),
      target: mix && random() < 0.15 ? 'aws' : 'local',
      endpoint: mix && random() < 0.1 ? 'http://127.0.0.1:4566' : 'emulator',
      harnessVersion: '0.1.0',
      policyHash: policy ? 'sha256:aaaa' : `sha256:${Math.floor(random() * 3)}`,
      ...(policy && random() < 0.8 ? { policy } : {}),
      // Mixed histories hold runs on today's clock beside the replays: two histories (same-history.ts). A replay's
      // emulated day is years before the day it ran, so a date taken from the wrong one shows.
      ...(mix && random() < 0.2
        ? {}
        : { emulatorDate: new Date(startedAt.getTime() - REPLAY_OFFSET_MS).toISOString() }),
      account: { id: '210987654321', createdAt: startedAt.toISOString(), fresh: !mix || random() < 0.8 },
      regions: runRegions.map((name) => ({ name })),
      scenarios: runScenarios,
      results,
    }
  }
}

function withFreshness(result: StepResult, random: () => number, pool: boolean): StepResult {
  if (!pool) return result
  const roll = random()
  if (roll < 0.3) return { ...result, freshness: 'seasoned' }
  if (roll < 0.4) return { ...result, notFresh: 'used before this run (CloudTrail)' }
  return { ...result, freshness: 'fresh' }
}

interface Where {
  scenario: string
  step: string
  region: string
  at: string
  index: number
}

function resultOf(
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
  { scenario, step, region, at, index }: Where,
  shape: HistoryShape,
): StepResult {
  const roll = random()
  const base = { scenario, step, region, startedAt: at, finishedAt: at }
  if (index === 2 && roll < 0.05) return { ...base, outcome: pick([allowed(), deniedBy('iam:Nope')]), expect: 'denied' }
  const allowedShare = shape.allowedShare ?? 0.55
  const rest = (roll - allowedShare) / (1 - allowedShare)
  let outcome: Outcome
  if (roll < allowedShare) outcome = allowed()
  else if (rest < 0.45) outcome = deniedBy(pick(['logs:TagResource', 'ecr:TagResource', 'logs:TagLogGroup']))
  else if (rest < 0.7) outcome = failed(pick(['region-not-ready', 'throttled', 'error', 'credentials'] as const), 'X')
  else if (rest < 0.85) outcome = skipped()
  else return { ...base, outcome: allowed(), transientDenial: true, probes: [] }
  return { ...base, outcome }
}
