/**
 * `harness sweep`: finds what runs left behind in the reports directory's journals and removes it —
 * leftover scenario resources, the harness role, and the account itself when the run meant to close
 * it (or a close that failed earlier); then, in the organization, accounts of runs whose journal never
 * reached this directory, meant to be closed (orphans.ts). Dry run by default: it only lists. It never
 * touches an account that is not tagged harness:managed, nor the management account.
 */
import { createRequire } from 'node:module'
import type * as SdkOrganizations from '@aws-sdk/client-organizations'
import { closeAccount } from '../accounts/close.js'
import { readAccountLedger, recordAccountUse } from '../accounts/ledger.js'
import type { AwsTarget } from '../accounts/types.js'
import { deleteHarnessRole } from '../credentials/harness-role.js'
import { cleanupBackoff, retryReason, withRetry } from '../credentials/retry.js'
import { openAccountSession } from '../credentials/session.js'
import { isRunInProgress } from '../journal/active-runs.js'
import { RunJournal, readJournals, type StoredJournal } from '../journal/journal.js'
import { isAlive, tryFileLock } from '../journal/lock.js'
import { isDone, type PendingWork, pendingWork } from '../journal/pending.js'
import { redactSecrets } from '../outcomes/redact.js'
import { deleteResource } from './delete-resource.js'
import { type AccountFacts, findAccount, findResources } from './find.js'
import { findOrphanAccounts, type OrphanAccount } from './orphans.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
const { OrganizationsClient } = requireSdk('@aws-sdk/client-organizations') as typeof SdkOrganizations
type OrganizationsClient = SdkOrganizations.OrganizationsClient

export interface SweepOptions {
  target: AwsTarget
  reportsDir: string
  /** Act; otherwise only list. */
  yes: boolean
  say: (line: string) => void
  signal?: AbortSignal
  /** Skip this run's own journal (a run pre-sweeping). */
  exceptRunId?: string
  /** accounts.namePrefix and emailTemplate: the organization is searched for lost runs' accounts so named. */
  naming?: { namePrefix: string; emailTemplate: string }
}

export interface SweepResult {
  /** Journals with something left. */
  found: number
  /** Things that could not be removed (or, in a dry run, that would be removed). */
  problems: string[]
  /** Kept accounts of lost runs, named and left as they are (orphans.ts). */
  named: number
}

export async function sweep(options: SweepOptions): Promise<SweepResult> {
  const journals = await readJournals(options.reportsDir)
  const pending = journals
    .map(pendingWork)
    .filter((w) => w.runId !== options.exceptRunId)
    .filter((w) => !isDone(w))
    .filter((w) => w.target === undefined || w.target === options.target.kind)
  // A journal whose process is still alive belongs to a run in progress (maybe a concurrent one): said, left to it.
  const inProgress = (w: PendingWork) =>
    w.pid !== undefined && (w.pid === process.pid ? isRunInProgress(w.runId) : isAlive(w.pid))
  const work: PendingWork[] = []
  for (const w of pending) {
    if (!inProgress(w)) work.push(w)
    else options.say(`sweep: run ${w.runId} is still in progress (process ${w.pid}); left to it`)
  }
  const result: SweepResult = { found: work.length, problems: [], named: 0 }
  const org = new OrganizationsClient({
    region: options.target.homeRegion,
    endpoint: options.target.endpoint,
    credentials: options.target.managementCredentials,
  })
  try {
    for (const item of work) {
      try {
        await sweepClaimed(org, item, options, result)
      } catch (error) {
        result.problems.push(`run ${item.runId}: ${redactSecrets((error as Error).message)}`)
      }
    }
    await sweepOrphans(org, journals, options, result).catch((error: Error) => {
      result.problems.push(
        `the organization could not be searched for lost runs' accounts: ${redactSecrets(error.message)}`,
      )
    })
  } finally {
    org.destroy()
  }
  if (result.found === 0)
    options.say(
      `sweep: nothing${work.length < pending.length || result.named > 0 ? ' else' : ''} left behind by earlier runs`,
    )
  for (const problem of result.problems) options.say(`sweep: ${options.yes ? 'left: ' : ''}${problem}`)
  return result
}

/**
 * Accounts whose run died before any record of them reached this reports directory (orphans.ts). One its
 * run meant to close is closed. A kept one (a pool's, a --keep-account run's, a laptop release check's whose
 * ledger never reached the store, or one vended before accounts were tagged so) may be in use: named, as
 * information, never touched and never a problem (a sweep that could not finish).
 */
async function sweepOrphans(
  org: OrganizationsClient,
  journals: StoredJournal[],
  options: SweepOptions,
  result: SweepResult,
): Promise<void> {
  const ledger = await readAccountLedger(options.reportsDir)
  const journaled = journals.map((journal) => pendingWork(journal).accountId).filter((id) => id !== undefined)
  const now = options.target.now ? await options.target.now() : new Date()
  const orphans = await findOrphanAccounts(org, {
    known: new Set([...ledger.accounts.map((entry) => entry.accountId), ...journaled]),
    now,
    managementAccountId: options.target.managementIdentity?.accountId,
    ...(options.naming ? { naming: options.naming } : {}),
  })
  for (const orphan of orphans) {
    const label = `account ${orphan.accountId} (tagged harness:managed by run ${orphan.runId ?? '(no run id)'}, joined ${orphan.joinedAt.toISOString().slice(0, 10)}) is in no ledger or journal here`
    if (!orphan.closeIt) {
      options.say(`sweep: ${label}; its run kept it (or predates the harness:after-run tag): left as it is`)
      result.named++
      continue
    }
    result.found++
    try {
      await closeOrphan(orphan, label, now, options, result)
    } catch (error) {
      result.problems.push(`${label}: ${redactSecrets((error as Error).message)}`)
    }
  }
}

async function closeOrphan(
  orphan: OrphanAccount,
  label: string,
  now: Date,
  options: SweepOptions,
  result: SweepResult,
): Promise<void> {
  const what = `${label}: its run meant to close it and died before recording it`
  if (!options.yes) {
    result.problems.push(`${what}; would be closed (run with --yes)`)
    return
  }
  const closed = await closeAccount(options.target, orphan.accountId, { signal: options.signal })
  if (closed.status !== 'closed') {
    result.problems.push(`${what}: ${closed.error ?? 'close failed'}`)
    return
  }
  await recordAccountUse(options.reportsDir, {
    at: now,
    accountId: orphan.accountId,
    createdAt: orphan.joinedAt,
    runId: orphan.runId ?? 'unknown',
    regionsUsed: [],
    operationsUsed: [],
    status: 'closed',
  })
  options.say(`sweep: ${what}; closed`)
}

/** Generous: sweeping one run's account (deletes, close) takes minutes on AWS at worst. */
const SWEEP_CLAIM_STALE_MS = 30 * 60_000

/**
 * Two runs starting at once on one reports directory both pre-sweep: each run's leftovers are swept by
 * one process only (a claim file beside its journal). The other skips them; without the claim it would
 * also try to assume into an account the first one just closed, and wait out the whole bound.
 */
async function sweepClaimed(org: OrganizationsClient, work: PendingWork, options: SweepOptions, result: SweepResult) {
  const release = await tryFileLock(`${work.file}.sweeping`, SWEEP_CLAIM_STALE_MS)
  if (!release) {
    options.say(`sweep: run ${work.runId}: being swept by another harness process; skipped`)
    return
  }
  try {
    // The journal as it is now: the process that held the claim before may have finished the work.
    const current = (await readJournals(options.reportsDir)).find((journal) => journal.file === work.file)
    if (!current || isDone(pendingWork(current))) return
    await sweepRun(org, pendingWork(current), options, result)
  } finally {
    await release()
  }
}

async function sweepRun(org: OrganizationsClient, work: PendingWork, options: SweepOptions, result: SweepResult) {
  const journal = new RunJournal(work.file)
  const facts = await findAccount(org, work, options.target.managementIdentity?.accountId)
  const label = `run ${work.runId}: ${facts.accountId ? `account ${facts.accountId}` : 'its account'}`
  if (facts.state === 'missing' || (facts.state === 'closed' && work.afterRun === 'close')) {
    options.say(`sweep: ${label} ${facts.state === 'closed' ? 'is closed' : `does not exist (${facts.why ?? 'gone'})`}`)
    if (options.yes) await journal.append({ type: 'run-settled' })
    return
  }
  if (!facts.owned || !facts.accountId) {
    result.problems.push(`${label} not touched: ${facts.why ?? 'not harness-managed'}`)
    return
  }
  if (facts.state === 'creating') {
    result.problems.push(`${label}: ${facts.why}; sweep again when it has finished`)
    return
  }
  const accountId = facts.accountId
  if (!work.accountId) await journal.append({ type: 'account-created', accountId })
  const problemsBefore = result.problems.length
  await removeContents({ ...facts, accountId }, work, options, journal, result)
  if (work.afterRun === 'close') await closeOrReport(accountId, label, work, options, journal, result)
  else if (options.yes && result.problems.length === problemsBefore) {
    await keepInLedger(accountId, work, options)
    await journal.append({ type: 'account-kept', accountId })
    await journal.append({ type: 'run-settled' })
  }
}

/**
 * A kept account whose run died before recording it stays in the pool: the ledger gets it, with
 * everything the run planned to use there counted as used (it may have been).
 */
async function keepInLedger(accountId: string, work: PendingWork, options: SweepOptions): Promise<void> {
  if (!options.yes) return
  const ledger = await readAccountLedger(options.reportsDir)
  const known = ledger.accounts.find((entry) => entry.accountId === accountId)
  if (known?.runIds.includes(work.runId) || (known && work.plannedUse.length === 0)) return
  const now = options.target.now ? await options.target.now() : new Date()
  const at = now.toISOString()
  await recordAccountUse(options.reportsDir, {
    at: now,
    accountId,
    createdAt: known ? new Date(known.createdAt) : new Date(),
    runId: work.runId,
    regionsUsed: plannedRegions(work),
    operationsUsed: work.plannedUse,
    uses: work.plannedUse.map((key) => ({ key, runId: work.runId, at })),
    status: 'kept',
  })
  options.say(`sweep: account ${accountId} kept in the pool; counted as used: ${work.plannedUse.length} planned key(s)`)
}

async function removeContents(
  facts: AccountFacts & { accountId: string },
  work: PendingWork,
  options: SweepOptions,
  journal: RunJournal,
  result: SweepResult,
): Promise<void> {
  const { target } = options
  if (facts.state !== 'open') return
  const account = { accountId: facts.accountId, createdAt: new Date(), fresh: false, accountName: '', email: '' }
  const session = openAccountSession(target, account, { runId: work.runId, signal: options.signal })
  const arns = await findResources(session, work)
  const what = `run ${work.runId}: account ${facts.accountId}`
  options.say(
    `sweep: ${what}: ${arns.length} resource(s)${arns.length ? ` [${arns.join(', ')}]` : ''}` +
      (work.roles.length > 0 ? `, role(s) [${work.roles.join(', ')}]` : '') +
      (work.afterRun === 'close' ? ', account to close' : ', account kept'),
  )
  if (!options.yes) return
  for (const arn of arns) {
    const region = arn.split(':')[3] || target.homeRegion
    const config = session.clientConfig(region, session.adminCredentials(region))
    try {
      await withRetry(`delete ${arn}`, () => deleteResource((Client) => new Client({ ...config }), arn), {
        backoff: cleanupBackoff(target),
        isRetryable: (error) => retryReason(error) !== undefined,
        signal: options.signal,
      })
      await journal.append({ type: 'resource-deleted', arn })
    } catch (error) {
      result.problems.push(`${what}: ${arn}: ${redactSecrets((error as Error).message)}`)
    }
  }
  for (const roleName of work.roles) {
    try {
      await deleteHarnessRole(session, { roleName })
      await journal.append({ type: 'role-deleted', accountId: facts.accountId, roleName })
    } catch (error) {
      result.problems.push(`${what}: role ${roleName}: ${redactSecrets((error as Error).message)}`)
    }
  }
}

async function closeOrReport(
  accountId: string,
  label: string,
  work: PendingWork,
  options: SweepOptions,
  journal: RunJournal,
  result: SweepResult,
): Promise<void> {
  if (!options.yes) {
    result.problems.push(`${label} would be closed (run with --yes)`)
    return
  }
  const closed = await closeAccount(options.target, accountId, { signal: options.signal })
  if (closed.status !== 'closed') {
    result.problems.push(`${label}: ${closed.error ?? 'close failed'}`)
    return
  }
  await journal.append({ type: 'account-closed', accountId, status: 'PENDING_CLOSURE' })
  await recordClosed(accountId, work, options)
  await journal.append({ type: 'run-settled' })
  options.say(`sweep: ${label} closed`)
}

/**
 * The ledger gets the account the sweep closed, dated on the target's clock: a closed account holds an
 * organization slot for 90 days, and the quota check says when the next one frees from the ledger.
 */
async function recordClosed(accountId: string, work: PendingWork, options: SweepOptions): Promise<void> {
  const known = (await readAccountLedger(options.reportsDir)).accounts.find((entry) => entry.accountId === accountId)
  await recordAccountUse(options.reportsDir, {
    at: options.target.now ? await options.target.now() : new Date(),
    accountId,
    createdAt: known ? new Date(known.createdAt) : new Date(),
    runId: work.runId,
    regionsUsed: plannedRegions(work),
    operationsUsed: work.plannedUse,
    status: 'closed',
  })
}

/** The regions of the keys (`operation@region`) the run planned to use. */
const plannedRegions = (work: PendingWork): string[] =>
  [...new Set(work.plannedUse.map((key) => key.split('@')[1] ?? ''))].filter(Boolean)
