/**
 * Run files in the history that cannot be used (not JSON, another schema): baselines, "since" and the
 * dashboard would silently leave them out, and a regression would read "never allowed". A bad stored run is
 * bad input (exit 2), said before any account is created. Apart from run-record.ts: the run command throws
 * it without loading the record schema first.
 */
import { join } from 'node:path'
import { HarnessError } from '../errors.js'

export class UnusableHistoryError extends HarnessError {
  /** `problems`: StoredRunError messages, each naming its file. */
  constructor(reportsDir: string, problems: readonly string[]) {
    const runs = join(reportsDir, 'runs')
    super(
      'STORED_RUN_INVALID',
      `${problems.length} run file(s) in ${runs} cannot be used, and the history would silently leave them out:\n` +
        problems.map((problem) => `  - ${problem}\n`).join('') +
        `Move each out of ${runs} (with a history store, \`harness history pull\` then restores the store's copy; a file broken in the store must be removed there), then run again; a record written by a newer harness needs that version.`,
    )
    this.name = 'UnusableHistoryError'
  }
}
