/** Provisioning events → progress lines (the same text in a terminal and in CI). */
import type { ProvisionEvent } from '../accounts/types.js'
import { formatElapsed } from '../elapsed.js'
import type { RunJournal } from '../journal/journal.js'
import type { ExecuteInput } from './execute.js'
import type { ProvisionContext } from './provision.js'
import type { Progress } from './types.js'

/** The provisioning context of a run: its id, interrupt, progress lines and journal. */
export function provisionContext(input: ExecuteInput, journal?: RunJournal): ProvisionContext {
  return {
    runId: input.runId,
    signal: input.signal,
    onProgress: (event) => reportProvisionEvent(input.progress, event),
    journal: journal && ((entry) => journal.append(entry)),
    afterRun: input.config.accounts.strategy === 'pool' ? 'keep' : input.config.accounts.afterRun,
  }
}

export function reportProvisionEvent(progress: Progress, event: ProvisionEvent): void {
  switch (event.type) {
    case 'account-requested':
      progress.info(`account: CreateAccount requested (${event.requestId}), waiting for it…`)
      return
    case 'account-ready':
      progress.info(`account: ${event.accountId} ready after ${formatElapsed(event.waitedMs)}`)
      return
    case 'region-status':
      // A region enabled by default is simply ready: its "region ready" line follows (17 of them for --region all).
      if (event.status === 'ENABLED_BY_DEFAULT') return
      progress.region(event.region, `region ${event.status}${event.status === 'DISABLED' ? ' → enabling…' : ''}`)
      return
    case 'region-ready':
      progress.region(
        event.region,
        `region ready${event.enabledDuringRun ? ` (enabled during this run, ${formatElapsed(event.waitedMs)})` : ''}`,
      )
      return
    case 'role-ready':
      progress.info(`role: ${event.roleArn} assumable after ${formatElapsed(event.waitedMs)}`)
      return
    case 'retry':
      if (event.expected) reportExpectedWait(progress, event)
      else reportFaultRetry(progress, event)
      return
  }
}

/**
 * A fault's first retries are a line each; a fault that persists (a throttle that never lifts) then says
 * so at most every EXPECTED_WAIT_LINE_MS: one such case printed 1,299 lines in 108 s.
 */
const FAULT_RETRY_LINES = 3
const lastRetryLine = new WeakMap<Progress, Map<string, number>>()

function reportFaultRetry(progress: Progress, event: Extract<ProvisionEvent, { type: 'retry' }>): void {
  const line = `${event.what} (attempt ${event.attempt}: ${event.errorName})`
  if (event.attempt <= FAULT_RETRY_LINES) {
    progress.info(`  retrying ${line}`)
    return
  }
  const lines = lastRetryLine.get(progress) ?? new Map<string, number>()
  lastRetryLine.set(progress, lines)
  const last = lines.get(event.what)
  if (last !== undefined && Date.now() - last < EXPECTED_WAIT_LINE_MS) return
  lines.set(event.what, Date.now())
  progress.info(`  still retrying ${line}…`)
}

/** An expected wait's retries say so once, then at most every EXPECTED_WAIT_LINE_MS (minutes on AWS, a moment here). */
export const EXPECTED_WAIT_LINE_MS = 15_000
const lastWaitLine = new WeakMap<Progress, Map<string, number>>()

function reportExpectedWait(progress: Progress, event: Extract<ProvisionEvent, { type: 'retry' }>): void {
  const lines = lastWaitLine.get(progress) ?? new Map<string, number>()
  lastWaitLine.set(progress, lines)
  const last = lines.get(event.what)
  if (last !== undefined && Date.now() - last < EXPECTED_WAIT_LINE_MS) return
  lines.set(event.what, Date.now())
  progress.info(
    last === undefined
      ? `  waiting: ${event.what} answers ${event.errorName} until it is ready…`
      : `  still waiting for ${event.what} (attempt ${event.attempt}: ${event.errorName})…`,
  )
}
