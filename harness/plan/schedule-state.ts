/**
 * `<reports>/state/freshness.json`: per (scenario, region), the last night it was tested in a fresh
 * account. The planner reads it to rotate fresh tests; reports show it per region. A replay's fresh
 * tests happen on its simulated dates, so replays keep theirs in `state/replay-freshness.json`: a
 * replay never moves the nightly's rotation, nor the nightly a replay's (history/same-history.ts).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { HarnessError } from '../errors.js'
import { withFileLock } from '../journal/lock.js'
import { pairKey } from './freshness.js'

const scheduleSchema = z.object({
  schemaVersion: z.literal(1),
  /** `scenario@region` → ISO time of the last fresh test. */
  lastFresh: z.record(z.string(), z.iso.datetime()),
})

export type ScheduleState = z.infer<typeof scheduleSchema>

export const schedulePath = (reportsDir: string, replay = false): string =>
  join(reportsDir, 'state', replay ? 'replay-freshness.json' : 'freshness.json')

export async function readScheduleState(reportsDir: string, replay = false): Promise<ScheduleState> {
  const file = schedulePath(reportsDir, replay)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { schemaVersion: 1, lastFresh: {} }
    throw new HarnessError('STORED_RUN_INVALID', `cannot read ${file}: ${(error as Error).message}`, { cause: error })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (error) {
    throw invalid(file, `not valid JSON (${(error as Error).message})`, error)
  }
  const parsed = scheduleSchema.safeParse(json)
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
    throw invalid(file, detail, parsed.error)
  }
  return parsed.data
}

function invalid(file: string, detail: string, cause: unknown): HarnessError {
  return new HarnessError(
    'STORED_RUN_INVALID',
    `the freshness schedule ${file} is corrupt: ${detail}. Fix it or move it aside (harness recreates it).`,
    { cause },
  )
}

/** A step as the schedule needs it: where it ran, whether it really ran, and whether fresh. */
export interface TestedStep {
  scenario: string
  region: string
  ran: boolean
  notFresh?: string
}

/**
 * Records tonight's fresh tests: a (scenario, region) counts when one of its steps really ran
 * (not skipped, region usable) in an account that was fresh for it. Serialized across processes.
 */
export async function recordFreshTests(
  reportsDir: string,
  steps: TestedStep[],
  at: Date,
  replay = false,
): Promise<void> {
  const fresh = steps.filter((step) => step.ran && !step.notFresh)
  if (fresh.length === 0) return
  const file = schedulePath(reportsDir, replay)
  await withFileLock(`${file}.lock`, async () => {
    const state = await readScheduleState(reportsDir, replay)
    for (const step of fresh) state.lastFresh[pairKey(step.scenario, step.region)] = at.toISOString()
    await mkdir(dirname(file), { recursive: true })
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, 'utf8')
      await rename(temp, file)
    } catch (error) {
      await rm(temp, { force: true })
      throw error
    }
  })
}
