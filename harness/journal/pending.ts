/** Pure: what a run's journal says is still to be cleaned up. */
import type { StoredJournal } from './journal.js'

export interface PendingResource {
  accountId: string
  region: string
  scenario: string
  arn: string
}

export interface PendingWork {
  runId: string
  file: string
  afterRun: 'keep' | 'close'
  regions: string[]
  /** A CreateAccount that was sent (or about to be) and whose account id was never recorded. */
  accountRequest?: { accountName: string; email: string; requestId?: string }
  accountId?: string
  roles: string[]
  resources: PendingResource[]
  /** Closed (verified) or deliberately kept. */
  accountFinished: boolean
  settled: boolean
  /** The process that wrote the journal (same host), to leave runs still in progress alone. */
  pid?: number
  /** Pool runs: what the run may have used in the account (journal 'planned-use'). */
  plannedUse: string[]
  /** Where the run's account lives: a sweep of AWS never acts on an emulator run's journal, and back. */
  target?: 'local' | 'aws'
}

export function pendingWork(journal: StoredJournal): PendingWork {
  const work: PendingWork = {
    runId: journal.runId,
    file: journal.file,
    afterRun: 'close',
    regions: [],
    roles: [],
    resources: [],
    plannedUse: [],
    accountFinished: false,
    settled: false,
  }
  const deleted = new Set<string>()
  const rolesDeleted = new Set<string>()
  for (const entry of journal.entries) {
    switch (entry.type) {
      case 'run-started':
        // A pool run keeps one journal per account (`<runId>--<account>.jsonl`); the entry names the run.
        work.runId = entry.runId
        work.afterRun = entry.afterRun
        work.regions = entry.regions
        work.pid = entry.pid
        work.target = entry.target
        break
      case 'account-requested':
        work.accountRequest = { accountName: entry.accountName, email: entry.email }
        break
      case 'account-request-id':
        if (work.accountRequest) work.accountRequest.requestId = entry.requestId
        break
      case 'account-created':
        work.accountId = entry.accountId
        break
      case 'role':
        work.roles.push(entry.roleName)
        break
      case 'role-deleted':
        rolesDeleted.add(entry.roleName)
        break
      case 'resource':
        work.resources.push({
          accountId: entry.accountId,
          region: entry.region,
          scenario: entry.scenario,
          arn: entry.arn,
        })
        break
      case 'planned-use':
        work.plannedUse.push(...entry.keys)
        break
      case 'resource-deleted':
        deleted.add(entry.arn)
        break
      case 'account-closed':
      case 'account-kept':
        work.accountFinished = true
        break
      case 'run-settled':
        work.settled = true
        break
    }
  }
  if (work.accountId) work.accountRequest = undefined
  work.roles = [...new Set(work.roles)].filter((role) => !rolesDeleted.has(role))
  work.resources = work.resources.filter((resource) => !deleted.has(resource.arn))
  return work
}

/** Nothing left: no account to find, no resource, no role, and the account closed or kept. */
export function isDone(work: PendingWork): boolean {
  if (work.settled) return true
  if (!work.accountId) return !work.accountRequest
  // A closed account takes its resources with it; a kept one must be emptied.
  if (work.accountFinished && work.afterRun === 'close') return true
  return work.accountFinished && work.roles.length === 0 && work.resources.length === 0
}
