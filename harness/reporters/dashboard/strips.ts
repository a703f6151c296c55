/** Per step × region: its outcome night by night, as streaks, with since-when and the AWS changes to it (pure). */
import { stepKey } from '../../history/diff-keys.js'
import { lookupDecoded } from '../../history/index-marks.js'
import type { RunRecord, StepResult } from '../../history/types.js'
import { stepAwsMarkers, stepOperation } from './markers.js'
import type { Night, NightMark, Streak, Strip } from './types.js'

export function markOf(result: StepResult | undefined): NightMark {
  if (!result) return 'absent'
  const kind = result.outcome.kind
  if (result.expect === 'denied')
    return kind === 'denied' ? 'expected' : kind === 'allowed' ? 'unexpected' : 'inconclusive'
  if (result.transientDenial) return 'probe'
  if (kind === 'allowed' || kind === 'denied' || kind === 'skipped') return kind
  return 'inconclusive'
}

/** Marks that say something about the permission; the others neither start nor break a streak's "since". */
const CONCLUSIVE: ReadonlySet<NightMark> = new Set(['allowed', 'denied', 'expected', 'unexpected'])

type Where = Pick<StepResult, 'scenario' | 'step' | 'region'>

const same = (a: Where | undefined, b: Where): boolean =>
  a !== undefined && a.scenario === b.scenario && a.step === b.step && a.region === b.region

/**
 * Per run, the result of each key (aligned with `keys`). Runs usually record steps in the same order, so a
 * position check answers most look-ups; a run in another order is indexed by key. 365 runs × 680 steps stay fast.
 */
export function alignRuns(keys: readonly Where[], runs: readonly RunRecord[]): Array<Array<StepResult | undefined>> {
  let keyStrings: string[] | undefined
  return runs.map((run) => {
    // Nights read from the history index look each step up by key (no scan, no per-run map).
    const lookup = lookupDecoded(run.results)
    if (lookup) {
      keyStrings ??= keys.map(stepKey)
      return keyStrings.map(lookup)
    }
    let byKey: Map<string, StepResult> | undefined
    return keys.map((where, i) => {
      const candidate = run.results[i]
      if (same(candidate, where)) return candidate
      byKey ??= new Map(run.results.map((result) => [stepKey(result), result]))
      return byKey.get(stepKey(where))
    })
  })
}

export function buildStrips(keys: readonly Where[], runs: readonly RunRecord[], nights: readonly Night[]): Strip[] {
  const aligned = alignRuns(keys, runs)
  return keys.map((where, k) => {
    const key = stepKey(where)
    const marks = aligned.map((results) => markOf(results[k]))
    const operation = stepOperation(where)
    const strip: Strip = {
      key,
      scenario: where.scenario,
      step: where.step,
      region: where.region,
      marks,
      streaks: streaksOf(marks),
      markers: stepAwsMarkers(nights, operation, where.region),
      eventful: marks.some((mark) => mark !== 'allowed' && mark !== 'expected'),
    }
    const since = sinceOf(marks, nights)
    if (since) strip.since = since
    return strip
  })
}

export function streaksOf(marks: readonly NightMark[]): Streak[] {
  const streaks: Streak[] = []
  marks.forEach((mark, index) => {
    const last = streaks.at(-1)
    if (last && last.mark === mark) last.to = index
    else streaks.push({ mark, from: index, to: index })
  })
  return streaks
}

/** The last conclusive mark and the first night of its unbroken run, skipping inconclusive nights. */
function sinceOf(marks: readonly NightMark[], nights: readonly Night[]): Strip['since'] {
  let last = -1
  for (let i = marks.length - 1; i >= 0; i--) {
    if (CONCLUSIVE.has(marks[i]!)) {
      last = i
      break
    }
  }
  if (last === -1) return undefined
  const mark = marks[last]!
  let first = last
  for (let i = last - 1; i >= 0; i--) {
    const m = marks[i]!
    if (!CONCLUSIVE.has(m)) continue
    if (m !== mark) break
    first = i
  }
  return { mark, date: nights[first]!.date, runId: nights[first]!.runId }
}

const TELLING: ReadonlySet<NightMark> = new Set(['denied', 'probe', 'unexpected'])

/** A strip that says something about permissions: a denial, a probe, or an allow that should have been a denial. */
export const isTelling = (strip: Strip): boolean => strip.marks.some((mark) => TELLING.has(mark))

/**
 * Strips whose only events are inconclusive, skipped or absent nights, merged into one strip per region: a region
 * that was not ready for three nights is one line, not twenty.
 */
export function mergeByRegion(strips: readonly Strip[], nights: readonly Night[]): Strip[] {
  const byRegion = new Map<string, Strip[]>()
  for (const strip of strips) byRegion.set(strip.region, [...(byRegion.get(strip.region) ?? []), strip])
  return [...byRegion].map(([region, group]) => {
    const marks = nights.map((_, night) => mergedMark(group.map((s) => s.marks[night]!)))
    const inconclusive = marks.includes('inconclusive')
    const notRun = marks.some((mark) => mark === 'skipped' || mark === 'absent')
    return {
      key: `region\u0000${region}`,
      scenario: `${group.length} step${group.length === 1 ? '' : 's'}`,
      // What the row holds besides allowed nights: a region not ready, or steps another night did not run.
      step:
        inconclusive && notRun
          ? 'inconclusive or not-run nights only'
          : inconclusive
            ? 'inconclusive nights only'
            : 'not-run nights only',
      region,
      marks,
      streaks: streaksOf(marks),
      markers: [],
      eventful: true,
    }
  })
}

function mergedMark(marks: readonly NightMark[]): NightMark {
  if (marks.includes('inconclusive')) return 'inconclusive'
  if (marks.includes('skipped')) return 'skipped'
  return marks.every((m) => m === 'absent') ? 'absent' : 'allowed'
}
