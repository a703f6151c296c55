/**
 * The end of every run, whatever happened: scenario resources (onCleanup, administrator credentials,
 * LIFO, retried with backoff), then the harness role, then the account (kept or closed, the close
 * verified) and its ledger entry. After Ctrl-C/SIGTERM with `afterRun: close`, the account is closed
 * FIRST: the time left before a supervisor's kill is best spent on what costs most if left behind,
 * and the account's resources go with it. Every step is journaled; problems are reported, never thrown.
 */
import type { FoundUse } from '../accounts/ledger.js'
import type { ResolvedConfig } from '../config/resolve.js'
import type { RunRecord, StepResult } from '../history/types.js'
import { pruneSettledJournals, type RunJournal } from '../journal/journal.js'
import { redactSecrets } from '../outcomes/redact.js'
import { recordFreshTests } from '../plan/schedule-state.js'
import type { CleanupRegistry } from './cleanup.js'
import * as provision from './provision.js'
import type { Progress } from './types.js'
import { usageFromSteps } from './usage-recorder.js'

export interface TeardownInput {
  config: ResolvedConfig
  runId: string
  progress: Progress
  target?: provision.AwsTarget
  session?: provision.AccountSession
  account?: provision.VendedAccount
  /** Keep the account open (pool) or close it; default the config's accounts.afterRun. */
  afterRun?: 'keep' | 'close'
  regions: RunRecord['regions']
  results: StepResult[]
  /** CloudTrail's finds of earlier use by others, for the ledger. */
  foundUsed?: FoundUse[]
  cleanups: CleanupRegistry
  journal?: RunJournal
  /** The run was interrupted (Ctrl-C / SIGTERM). */
  interrupted?: boolean
  /**
   * A release check: it is not part of the history, so its fresh tests are not the nightly's (a check's
   * date in the schedule would put off the nightly's next fresh test of the pair). Its account uses are
   * real and go to the ledger as any run's.
   */
  releaseCheck?: boolean
  /** A replay (`--emulator-date`, or an emulator of its own on another date): its own schedule (schedule-state.ts). */
  replay?: boolean
}

export async function teardown(input: TeardownInput): Promise<string[]> {
  const { progress, config, session, target, account, journal } = input
  const problems: string[] = []
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn()
    } catch (error) {
      problems.push(`${what}: ${redactSecrets(error instanceof Error ? error.message : String(error))}`)
    }
  }
  const afterRun = input.afterRun ?? config.accounts.afterRun
  const closeFirst = Boolean(input.interrupted && target && account && afterRun === 'close')
  if (closeFirst && target && account) {
    progress.info('cleanup: interrupted — closing the account first; its resources go with it')
    await attempt('finish account', () => finishAccount(input, target, account))
  }
  // After an interrupt-first close, what cannot be deleted any more goes with the account: not a problem.
  const resourceProblems: string[] = []
  if (session && input.cleanups.size > 0) {
    progress.info(
      closeFirst && problems.length === 0
        ? `cleanup: also deleting ${input.cleanups.size} scenario resource(s) in the closing account, while its credentials still work…`
        : `cleanup: deleting ${input.cleanups.size} scenario resource(s) with administrator credentials…`,
    )
    const failures = await input.cleanups.runAll((region) => provision.clientFactory(session, region, 'admin'), {
      backoff: provision.cleanupBackoff(session.target),
      onDeleted: (arns) => Promise.all(arns.map((arn) => journal?.append({ type: 'resource-deleted', arn }))),
    })
    resourceProblems.push(...failures.map((f) => `[${f.region}] ${f.scenario}: ${f.message}`))
  }
  if (session) {
    const roleName = session.role?.roleName ?? provision.harnessRoleName(input.runId)
    const role = { type: 'role-deleted', accountId: session.account.accountId, roleName } as const
    try {
      await provision.removeRole(session, input.runId)
      await journal?.append(role)
    } catch (error) {
      resourceProblems.push(`delete harness role: ${redactSecrets((error as Error).message)}`)
    }
  }
  if (closeFirst && problems.length === 0) {
    for (const problem of resourceProblems)
      progress.info(`cleanup: not deleted, goes with the closed account — ${problem}`)
  } else problems.push(...resourceProblems)
  if (!closeFirst && target && account) await attempt('finish account', () => finishAccount(input, target, account))
  for (const problem of problems) progress.warn(`cleanup: ${problem}`)
  if (problems.length === 0) await journal?.append({ type: 'run-settled' }).catch(() => undefined)
  // Old settled journals go; failing to remove one never fails the run (the next run tries again).
  await pruneSettledJournals(config.reportsDir).catch(() => undefined)
  return problems
}

async function finishAccount(
  input: TeardownInput,
  target: provision.AwsTarget,
  account: provision.VendedAccount,
): Promise<void> {
  const { config, progress, journal } = input
  // The run's own successful calls, as the SDK made them (usage-recorder.ts): what AWS counts as use.
  const recorded = input.session ? provision.runUsageOf(input.session) : new Map<string, Date>()
  usageFromSteps(input.results, recorded)
  const used = [...recorded]
  const usage = {
    runId: input.runId,
    regionsUsed: input.regions.map((region) => region.name),
    operationsUsed: used.map(([key]) => key).sort(),
    uses: used.map(([key, at]) => ({ key, runId: input.runId, at: at.toISOString() })),
    foundUsed: input.foundUsed,
  }
  const afterRun = input.afterRun ?? config.accounts.afterRun
  const problem = await provision.finish(target, account, config, usage, afterRun)
  // Steps marked notFresh (seasoned, or found used in CloudTrail) do not count as fresh tests.
  const steps = input.results.map((r) => ({
    scenario: r.scenario,
    region: r.region,
    ran: r.outcome.kind !== 'skipped' && r.outcome.kind !== 'region-not-ready',
    notFresh: r.notFresh,
  }))
  if (!input.releaseCheck)
    await recordFreshTests(config.reportsDir, steps, await provision.targetNow(target), input.replay)
  if (problem) throw new Error(`${problem} (the next run or \`harness sweep\` retries it)`)
  const closing = afterRun === 'close'
  await journal?.append(
    closing
      ? { type: 'account-closed', accountId: account.accountId, status: 'PENDING_CLOSURE' }
      : { type: 'account-kept', accountId: account.accountId },
  )
  progress.info(`cleanup: account ${account.accountId} ${closing ? 'closed' : 'kept'}`)
}
