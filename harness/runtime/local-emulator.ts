/**
 * The embedded emulator `harness run` starts in-process when no AWS organization is configured.
 * Timeline and fault files come from the config (or flags); HARNESS_EMULATOR_DUMP=<file> writes the
 * emulator's live resources and call audit at the end, so tests and users can check nothing leaked.
 */
import { writeFile } from 'node:fs/promises'
import type { ResolvedConfig } from '../config/resolve.js'
import type { FaultRule } from '../emulator/faults/index.js'
import type { RunningEmulator } from '../emulator/server.js'
import type { TimelineChange } from '../emulator/timeline/types.js'
import { HarnessError } from '../errors.js'
import { redactSecrets } from '../outcomes/redact.js'

export interface LocalEmulator {
  endpoint: string
  globalStsEndpoint: string
  /** The emulator's own time scale (polls are sized to it). */
  timeScale?: number
  /** Outlives this process (HARNESS_EMULATOR_ENDPOINT). */
  external?: boolean
  /**
   * An emulator of its own whose clock is not today's (started with `--date`, or set by POST /clock), when
   * this run connected: its simulated date then. Its runs are a replay's (history/same-history.ts).
   */
  replayDate?: string
  /** For control API POSTs: the in-process emulator's own, or HARNESS_EMULATOR_TOKEN for an external one. */
  controlToken?: string
  /** Writes { resources, calls } from the control API to `file`. */
  dump(file: string): Promise<void>
  stop(): Promise<void>
}

/**
 * The embedded emulator's own code, loaded only when one starts (never for HARNESS_EMULATOR_ENDPOINT
 * or AWS); run-command loads it before tsx's hooks when it will be needed.
 */
export const loadEmbeddedEmulator = () => import('../emulator/server.js')

async function readTimeline(file: string | undefined): Promise<TimelineChange[] | undefined> {
  if (!file) return undefined
  const { loadTimelineFile } = await import('../emulator/timeline/load.js')
  try {
    return loadTimelineFile(file)
  } catch (error) {
    throw new HarnessError('TIMELINE_INVALID', (error as Error).message, { cause: error })
  }
}

async function readFaults(file: string | undefined): Promise<FaultRule[] | undefined> {
  if (!file) return undefined
  const { loadFaultsFile } = await import('../emulator/faults/index.js')
  try {
    return loadFaultsFile(file)
  } catch (error) {
    // The message already lists every problem (entry and field), once.
    throw new HarnessError('FAULTS_INVALID', (error as Error).message, { cause: error })
  }
}

const secondsToMs = (byRegion: Record<string, number> | undefined): Record<string, number> | undefined =>
  byRegion && Object.fromEntries(Object.entries(byRegion).map(([region, seconds]) => [region, seconds * 1000]))

export async function startLocalEmulator(config: ResolvedConfig): Promise<LocalEmulator> {
  const timeline = await readTimeline(config.emulator.timelineFile)
  const faults = await readFaults(config.emulator.faultsFile)
  const { startEmulator } = await loadEmbeddedEmulator()
  let emulator: RunningEmulator
  try {
    emulator = await startEmulator({
      port: 0,
      date: config.emulator.date,
      timeScale: config.emulator.timeScale,
      timeline,
      faults,
      iamPropagationByRegionMs: secondsToMs(config.emulator.iamPropagationByRegion),
      durations: config.emulator.iamPropagation
        ? { iamPropagationMs: config.emulator.iamPropagation * 1000 }
        : undefined,
    })
  } catch (error) {
    const code = (error as { code?: unknown }).code
    if (code === 'FAULTS_INVALID' || code === 'TIMELINE_INVALID') throw new HarnessError(code, (error as Error).message)
    throw new HarnessError('EMULATOR_FAILED', `The embedded emulator failed to start: ${(error as Error).message}`, {
      cause: error,
    })
  }
  return {
    endpoint: emulator.endpoint,
    globalStsEndpoint: emulator.globalStsEndpoint,
    controlToken: emulator.controlToken,
    async dump(file) {
      // In this process: what the control API's /resources and every /calls page would say, without HTTP.
      // One line of JSON, for programs (the tests, the bench): indenting a 34-region run's audit and
      // redacting the third more text was ~20 ms of the run's wall time in the bench (issue #13).
      const { liveResourcesAndCalls } = await import('../emulator/control/control-api.js')
      await writeFile(file, redactSecrets(`${JSON.stringify(await liveResourcesAndCalls(emulator.state))}\n`))
    },
    stop: () => emulator.stop(),
  }
}

/**
 * An emulator that outlives the run (`harness emulator start`, named by HARNESS_EMULATOR_ENDPOINT):
 * runs and `harness sweep` share its state, so a run killed with -9 can be swept afterwards.
 */
export async function connectExternalEmulator(endpoint: string): Promise<LocalEmulator> {
  if (!URL.canParse(endpoint) || !/^https?:$/.test(new URL(endpoint).protocol))
    throw new HarnessError(
      'USAGE',
      `HARNESS_EMULATOR_ENDPOINT must be the http:// URL \`harness emulator start\` printed, got ${JSON.stringify(endpoint)}.`,
    )
  const base = endpoint.replace(/\/$/, '')
  const control = async (path: string) => {
    const response = await fetch(`${base}/_emulator/${path}`)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    return response.json()
  }
  let clock: { timeScale?: unknown; date?: unknown }
  try {
    clock = (await control('clock')) as { timeScale?: unknown; date?: unknown }
  } catch (error) {
    throw new HarnessError(
      'EMULATOR_FAILED',
      `HARNESS_EMULATOR_ENDPOINT=${endpoint} does not answer as a harness emulator: ${reasonOf(error)}`,
      { cause: error },
    )
  }
  return {
    endpoint: base,
    globalStsEndpoint: `${base}/global-sts`,
    timeScale: typeof clock.timeScale === 'number' ? clock.timeScale : undefined,
    external: true,
    ...replayDateOfClock(clock.date),
    controlToken: process.env.HARNESS_EMULATOR_TOKEN,
    async dump(file) {
      const [resources, calls] = await Promise.all([control('resources'), allCalls(control)])
      const text = `${JSON.stringify({ ...(resources as object), calls })}\n`
      await writeFile(file, redactSecrets(text))
    },
    stop: async () => undefined,
  }
}

/** A day: a clock further back than this is another time (a test moving it by hours is not). */
const TODAY_TOLERANCE_MS = 24 * 60 * 60_000

/**
 * A clock a day or more in the past replays AWS as it was then: a history of its own. One ahead of today
 * rehearses the nights to come (a month of nightlies in minutes, its clock moved a day at a time): today's
 * history goes on, so a rehearsal never starts afresh with no baseline the night its clock passes a day
 * from today (QA: a throttled step on that night passed while a regression was open). AWS ahead of today
 * is today's AWS; the pool still plans on the emulator's clock (target.now).
 */
function replayDateOfClock(date: unknown): { replayDate?: string } {
  const time = typeof date === 'string' ? Date.parse(date) : Number.NaN
  if (Number.isNaN(time) || time > Date.now() - TODAY_TOLERANCE_MS) return {}
  return { replayDate: new Date(time).toISOString() }
}

/** Every call the emulator's audit window still holds: `/calls` answers a page at a time, oldest first. */
export async function allCalls(control: (path: string) => Promise<unknown>): Promise<unknown[]> {
  const calls: unknown[] = []
  let token: string | undefined
  do {
    const page = (await control(`calls?maxResults=10000${token ? `&nextToken=${token}` : ''}`)) as {
      calls: unknown[]
      nextToken?: string
    }
    calls.push(...page.calls)
    token = page.nextToken
  } while (token)
  return calls
}

/** fetch's own message is only "fetch failed": the reason (ECONNREFUSED, ENOTFOUND, a port it refuses) is its cause's. */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause
  if (typeof cause?.code === 'string')
    return `nothing answered (${cause.code}); is \`harness emulator start\` running there?`
  const message = (error as Error).message
  return typeof cause?.message === 'string' ? `${message} (${cause.message})` : message
}
