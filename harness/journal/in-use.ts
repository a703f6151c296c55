/**
 * Accounts a run in progress on this host holds (its journal is unsettled and its process alive):
 * a pool run started meanwhile must not plan them too, or two runs would share a freshness key.
 */
import { readJournals } from './journal.js'
import { isAlive } from './lock.js'
import { isDone, pendingWork } from './pending.js'

export async function accountsInUse(reportsDir: string, ownRunId: string): Promise<Set<string>> {
  const busy = new Set<string>()
  for (const journal of await readJournals(reportsDir)) {
    const work = pendingWork(journal)
    if (work.runId === ownRunId || !work.accountId || isDone(work) || work.accountFinished) continue
    if (work.pid !== undefined && work.pid !== process.pid && isAlive(work.pid)) busy.add(work.accountId)
  }
  return busy
}
