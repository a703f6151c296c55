/**
 * The run journal's entries: one JSON object per line, appended and flushed to disk before or as
 * soon as AWS acknowledges what it records, so a run killed at any instant leaves enough behind
 * for `harness sweep` to find and remove what it created.
 */
export type JournalEntry =
  | {
      type: 'run-started'
      runId: string
      pid: number
      target: 'local' | 'aws'
      afterRun: 'keep' | 'close'
      regions: string[]
    }
  /** Written before CreateAccount is sent: the name finds the request if its answer is lost. */
  | { type: 'account-requested'; accountName: string; email: string }
  | { type: 'account-request-id'; requestId: string }
  | { type: 'account-created'; accountId: string }
  /** Written before CreateRole is sent. */
  | { type: 'role'; accountId: string; roleName: string }
  | { type: 'role-deleted'; accountId: string; roleName: string }
  /** From an onCleanup registration that named its resource. */
  | { type: 'resource'; accountId: string; region: string; scenario: string; arn: string }
  | { type: 'resource-deleted'; arn: string }
  | { type: 'account-closed'; accountId: string; status: string }
  | { type: 'account-kept'; accountId: string }
  /**
   * Pool runs: the freshness keys (`<operation>[+tags]@<region>`) the run may use in the account,
   * written before any scenario runs there. A run killed before it could record its real use leaves
   * these for the sweep to put in the ledger: an account is never trusted fresh for what it may have used.
   */
  | { type: 'planned-use'; accountId: string; keys: string[] }
  /** Cleanup finished with nothing left to do: a sweep skips this journal. */
  | { type: 'run-settled' }

export type TimedEntry = JournalEntry & { at: string }
