/**
 * The store's compact index, `index.json`: one summary line per run and, per comparability class
 * (target, endpoint, clock, account freshness), each step's last conclusive outcome, so a release gate, a
 * listing or a dashboard reads one small file instead of every record. It is folded run by run
 * (append-only), so a push that lost a race re-folds its own runs onto the winner's index.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { compareText } from '../compare-text.js'
import { isConclusive } from '../history/baseline.js'
import { isReplay } from '../history/same-history.js'
import { stepFreshness } from '../history/step-freshness.js'
import type { RunRecord, StepResult } from '../history/types.js'
import { HistoryStoreError } from './git.js'

export const INDEX_SCHEMA_VERSION = 1
export const INDEX_FILE = 'index.json'

const indexedRunSchema = z.looseObject({
  runId: z.string(),
  file: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  target: z.string(),
  endpoint: z.string(),
  /** A replay's emulated date (history/same-history.ts); absent on today's clock and in older indexes. */
  emulatorDate: z.string().optional(),
  fresh: z.boolean(),
  policyHash: z.string(),
  regions: z.array(z.string()),
  allowed: z.number(),
  denied: z.number(),
  inconclusive: z.number(),
})

const indexedStepSchema = z.looseObject({
  runId: z.string(),
  startedAt: z.string(),
  kind: z.enum(['allowed', 'denied']),
  action: z.string().optional(),
  /** The last run in which the step was allowed: a denial after it is a regression still open. */
  lastAllowedRunId: z.string().optional(),
  /** The scenario declares the step must be denied: its denial is no finding (absent in older indexes). */
  expect: z.literal('denied').optional(),
})

const indexSchema = z.looseObject({
  schemaVersion: z.literal(INDEX_SCHEMA_VERSION),
  runs: z.array(indexedRunSchema),
  steps: z.record(z.string(), z.record(z.string(), indexedStepSchema)),
})

export type IndexedRun = z.infer<typeof indexedRunSchema>
export type IndexedStep = z.infer<typeof indexedStepSchema>
export type HistoryIndex = z.infer<typeof indexSchema>

export const emptyIndex = (): HistoryIndex => ({ schemaVersion: INDEX_SCHEMA_VERSION, runs: [], steps: {} })

/** `scenario / step @ region`, the key users read in every report. */
export const stepLabel = (r: { scenario: string; step: string; region: string }): string =>
  `${r.scenario} / ${r.step} @ ${r.region}`

/** Pure: the index after one more run (a run already indexed is left as it is). */
export function foldRun(index: HistoryIndex, run: RunRecord, file: string): HistoryIndex {
  if (index.runs.some((entry) => entry.runId === run.runId)) return index
  const count = (test: (kind: string) => boolean) => run.results.filter((r) => test(r.outcome.kind)).length
  const entry: IndexedRun = {
    runId: run.runId,
    file,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    target: run.target,
    endpoint: run.endpoint,
    ...(run.emulatorDate ? { emulatorDate: run.emulatorDate } : {}),
    fresh: run.account.fresh,
    policyHash: run.policyHash,
    regions: run.regions.map((region) => region.name),
    allowed: count((kind) => kind === 'allowed'),
    denied: count((kind) => kind === 'denied'),
    inconclusive: count((kind) => kind !== 'allowed' && kind !== 'denied' && kind !== 'skipped'),
  }
  const runs = [...index.runs, entry].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt))
  // Freshness is per step (a pool run mixes fresh and seasoned steps): each step goes to its own class.
  const steps = { ...index.steps }
  for (const key of new Set(run.results.map((result) => stepClassKey(run, result))))
    steps[key] = foldSteps(steps[key] ?? {}, run, key)
  return { ...index, runs, steps }
}

/**
 * The comparability class of one step of a run: its history (history/same-history.ts: target, endpoint,
 * and a replay's clock apart from today's) and its freshness (history/step-freshness.ts).
 */
export const stepClassKey = (
  run: Pick<RunRecord, 'target' | 'endpoint' | 'emulatorDate' | 'account'>,
  result: StepResult,
): string => `${run.target} ${run.endpoint}${isReplay(run) ? ' replay' : ''} ${stepFreshness(result, run)}`

function foldSteps(previous: Record<string, IndexedStep>, run: RunRecord, key: string): Record<string, IndexedStep> {
  const steps = { ...previous }
  for (const result of run.results) {
    if (!isConclusive(result) || stepClassKey(run, result) !== key) continue
    const label = stepLabel(result)
    const known = steps[label]
    // Runs can be pushed out of order (a shard merged late): only a newer run replaces a step's outcome.
    if (known && Date.parse(known.startedAt) > Date.parse(run.startedAt)) continue
    const kind = result.outcome.kind as 'allowed' | 'denied'
    const action = result.outcome.kind === 'denied' ? result.outcome.denied?.action : undefined
    steps[label] = {
      runId: run.runId,
      startedAt: run.startedAt,
      kind,
      ...(action ? { action } : {}),
      ...(result.expect === 'denied' ? { expect: 'denied' as const } : {}),
      ...(kind === 'allowed' ? {} : known?.kind === 'allowed' ? { lastAllowedRunId: known.runId } : pick(known)),
    }
  }
  return steps
}

const pick = (known: IndexedStep | undefined) =>
  known?.lastAllowedRunId ? { lastAllowedRunId: known.lastAllowedRunId } : {}

export async function readIndex(storeDir: string): Promise<HistoryIndex> {
  const file = join(storeDir, INDEX_FILE)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyIndex()
    throw new HistoryStoreError(`cannot read the history index ${file}: ${(error as Error).message}`, { cause: error })
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new HistoryStoreError(`history index ${file} is not JSON: ${(error as Error).message}`, { cause: error })
  }
  const parsed = indexSchema.safeParse(data)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new HistoryStoreError(`history index ${file} is not usable: ${issue?.path.join('.')}: ${issue?.message}`)
  }
  return parsed.data
}

/** One line per run and per step keeps the file diff-friendly in git and small over years. */
export function renderIndex(index: HistoryIndex): string {
  const runs = index.runs.map((run) => `    ${JSON.stringify(run)}`).join(',\n')
  const classes = Object.entries(index.steps).map(([key, steps]) => {
    const lines = Object.entries(steps)
      .sort(([a], [b]) => compareText(a, b))
      .map(([label, step]) => `      ${JSON.stringify(label)}: ${JSON.stringify(step)}`)
    return `    ${JSON.stringify(key)}: {\n${lines.join(',\n')}\n    }`
  })
  const runsBlock = runs ? `[\n${runs}\n  ]` : '[]'
  const stepsBlock = classes.length ? `{\n${classes.join(',\n')}\n  }` : '{}'
  return `{\n  "schemaVersion": ${INDEX_SCHEMA_VERSION},\n  "runs": ${runsBlock},\n  "steps": ${stepsBlock}\n}\n`
}
