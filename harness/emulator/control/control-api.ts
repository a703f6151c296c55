/**
 * The emulator's own control API under /_emulator (plain JSON, unsigned): health, reset, clock,
 * realism knobs (config), live resources, the call audit log and fault rules. Malformed requests get 400 naming the problem.
 */
import type { BoundedLog } from '../core/audit-window.js'
import type { CallRecord, EmulatorState } from '../core/state.js'
import { loadAllServices } from '../services/index.js'
import { CLOCK_MAX, CLOCK_MIN, isRealCalendarDay } from './bounds.js'

import { readRuntimeConfig } from './runtime-config-view.js'

export const CONTROL_PREFIX = '/_emulator'
/** Control inputs are small (a date, a few knobs, fault rules); anything bigger is refused, not parsed. */
export const CONTROL_MAX_BODY_BYTES = 1024 * 1024

export interface ControlTarget {
  readonly state: EmulatorState
  /** Replaces the state with a fresh one built from the same options. */
  reset(): void
}

export interface ControlResponse {
  status: number
  body: unknown
}

class ControlRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message)
  }
}

export function isControlPath(path: string): boolean {
  return path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)
}

type Route = (target: ControlTarget, query: URLSearchParams, body: () => unknown) => unknown

const ROUTES: Record<string, Route> = {
  'GET /health': (target) => ({ status: 'ok', time: target.state.clock.now().toISOString() }),
  'POST /reset': (target) => {
    target.reset()
    return { status: 'reset', time: target.state.clock.now().toISOString() }
  },
  'GET /clock': (target) => clockView(target.state),
  'POST /clock': (target, _query, body) => {
    target.state.clock.set(parseClockBody(body(), target.state.clock.now()))
    return clockView(target.state)
  },
  'GET /config': (target) => readRuntimeConfig(target.state),
  'POST /config': async (target, _query, body) => {
    // The validators (zod) load on first use: `harness emulator start` is ready sooner without them.
    const { applyRuntimeConfig, RuntimeConfigError } = await import('./runtime-config.js')
    try {
      return applyRuntimeConfig(target.state, body())
    } catch (error) {
      if (error instanceof RuntimeConfigError) throw new ControlRequestError(400, error.message)
      throw error
    }
  },
  'GET /resources': async (target) => ({ resources: await listResources(target.state) }),
  'GET /calls': (target, query) => pageCalls(target.state, query),
  'GET /faults': (target) => ({ faults: target.state.faults }),
  'POST /faults': async (target, _query, body) => {
    const { setFaults } = await import('../faults/index.js')
    try {
      setFaults(target.state, body())
    } catch (error) {
      if (error instanceof ControlRequestError) throw error
      throw new ControlRequestError(400, `Invalid fault rules: ${(error as Error).message}`)
    }
    return { faults: target.state.faults }
  },
}

export async function handleControlRequest(
  target: ControlTarget,
  method: string,
  path: string,
  query: URLSearchParams,
  rawBody: Buffer,
): Promise<ControlResponse> {
  const subPath = path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '') || '/'
  const route = ROUTES[`${method.toUpperCase()} ${subPath}`]
  if (!route) {
    const known = Object.keys(ROUTES).some((key) => key.endsWith(` ${subPath}`))
    return known
      ? { status: 405, body: { error: `Method ${method} is not allowed on ${path}` } }
      : { status: 404, body: { error: `Unknown control endpoint ${method} ${path}`, endpoints: Object.keys(ROUTES) } }
  }
  try {
    return { status: 200, body: await route(target, query, () => parseJsonBody(rawBody)) }
  } catch (error) {
    if (error instanceof ControlRequestError) return { status: error.status, body: { error: error.message } }
    throw error
  }
}

function parseJsonBody(raw: Buffer): unknown {
  if (raw.length === 0) throw new ControlRequestError(400, 'Request body is empty; expected JSON')
  try {
    return JSON.parse(raw.toString('utf8'))
  } catch (error) {
    throw new ControlRequestError(400, `Request body is not valid JSON: ${(error as Error).message}`)
  }
}

/** `{"date": ISO}` sets the clock; `{"advanceMs": n}` moves it forward by n simulated milliseconds. */
function parseClockBody(body: unknown, now: Date): Date {
  const fields = typeof body === 'object' && body !== null ? (body as { date?: unknown; advanceMs?: unknown }) : {}
  if ('advanceMs' in fields) {
    const advanceMs = fields.advanceMs
    if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs) || advanceMs < 0) {
      throw new ControlRequestError(
        400,
        `"advanceMs" must be a non-negative number of milliseconds (the clock only moves forward), got ${JSON.stringify(advanceMs)}`,
      )
    }
    return withinClockRange(new Date(now.getTime() + advanceMs), `advancing by ${advanceMs} ms`)
  }
  if (typeof fields.date !== 'string') {
    throw new ControlRequestError(
      400,
      'Expected {"date": "<ISO 8601 date>"} or {"advanceMs": <non-negative number>}: "date" must be a string',
    )
  }
  const parsed = new Date(fields.date)
  if (Number.isNaN(parsed.getTime()) || !isRealCalendarDay(fields.date)) {
    throw new ControlRequestError(400, `"date" is not a valid ISO 8601 date: ${fields.date.slice(0, 40)}`)
  }
  return withinClockRange(parsed, `"date" ${parsed.toISOString()}`)
}

function withinClockRange(date: Date, what: string): Date {
  if (Number.isNaN(date.getTime()) || date < CLOCK_MIN || date > CLOCK_MAX) {
    throw new ControlRequestError(
      400,
      `${what} would put the clock outside ${CLOCK_MIN.toISOString()} – ${CLOCK_MAX.toISOString()}; the clock is unchanged`,
    )
  }
  return date
}

function clockView(state: EmulatorState) {
  return { date: state.clock.now().toISOString(), timeScale: state.clock.timeScale }
}

/**
 * What `GET /resources` and every page of `GET /calls` hold, read in-process: the embedded emulator's
 * HARNESS_EMULATOR_DUMP (runtime/local-emulator.ts) skips a round of HTTP and JSON for each.
 */
export async function liveResourcesAndCalls(
  state: EmulatorState,
): Promise<{ resources: unknown[]; calls: CallRecord[] }> {
  return { resources: await listResources(state), calls: [...state.callLog.entries] }
}

async function listResources(state: EmulatorState) {
  return [...(await loadAllServices()).values()].flatMap((service) => service.listResources?.(state) ?? [])
}

const CALL_FILTERS = ['accountId', 'service', 'operation', 'region', 'outcome'] as const
const CALL_PAGING = ['maxResults', 'nextToken'] as const
const OUTCOMES: readonly string[] = ['success', 'error'] satisfies CallRecord['outcome'][]
const DEFAULT_CALLS_PAGE = 1_000
const MAX_CALLS_PAGE = 10_000

/**
 * One page of the call audit, oldest first: at most `maxResults` (default 1,000) matching calls and a
 * `nextToken` while more are retained. The log is a bounded window (core/audit-window.ts), so
 * `droppedCalls` says how many older calls it no longer holds, and a token pointing at them is 410.
 */
function pageCalls(state: EmulatorState, query: URLSearchParams) {
  const known: readonly string[] = [...CALL_FILTERS, ...CALL_PAGING]
  const unknown = [...query.keys()].filter((key) => !known.includes(key))
  if (unknown.length > 0) {
    throw new ControlRequestError(400, `Unknown filter ${unknown.join(', ')}; supported: ${known.join(', ')}`)
  }
  const outcome = query.get('outcome')
  if (outcome !== null && !OUTCOMES.includes(outcome)) {
    throw new ControlRequestError(400, `Unknown outcome '${outcome}'; allowed: ${OUTCOMES.join(', ')}`)
  }
  const max = readMaxResults(query.get('maxResults'))
  const { entries, dropped } = state.callLog
  const matches = (call: CallRecord) => CALL_FILTERS.every((key) => !query.has(key) || call[key] === query.get(key))
  const calls: CallRecord[] = []
  let index = readCallsToken(query.get('nextToken'), state.callLog) - dropped
  for (; index < entries.length && calls.length < max; index++)
    if (matches(entries[index]!)) calls.push(entries[index]!)
  while (index < entries.length && !matches(entries[index]!)) index++
  const nextToken = index < entries.length ? Buffer.from(`calls:${dropped + index}`).toString('base64url') : undefined
  return { calls, ...(nextToken ? { nextToken } : {}), droppedCalls: dropped }
}

function readMaxResults(value: string | null): number {
  if (value === null) return DEFAULT_CALLS_PAGE
  const max = Number(value)
  if (!/^\d+$/.test(value) || max < 1 || max > MAX_CALLS_PAGE) {
    throw new ControlRequestError(400, `maxResults must be an integer 1-${MAX_CALLS_PAGE}, got '${value}'`)
  }
  return max
}

function readCallsToken(token: string | null, { dropped, end, limit }: BoundedLog<CallRecord>): number {
  if (token === null) return dropped
  const match = /^calls:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))
  const sequence = Number(match?.[1] ?? Number.NaN)
  if (!match || sequence > end) throw new ControlRequestError(400, `nextToken is not a token this emulator issued`)
  if (sequence < dropped) {
    throw new ControlRequestError(
      410,
      `nextToken points at calls no longer held: the audit window keeps the newest ${limit} calls and ${dropped} older ones were dropped`,
    )
  }
  return sequence
}
