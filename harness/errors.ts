/**
 * Harness failures (not AWS outcomes, which are data). Each has a stable code; the CLI catches
 * once and maps the code to an exit code and one clear sentence, without a stack trace.
 */
export type HarnessErrorCode =
  | 'USAGE'
  | 'CONFIG_INVALID'
  | 'SCENARIO_INVALID'
  | 'POLICY_INVALID'
  | 'TIMELINE_INVALID'
  | 'FAULTS_INVALID'
  | 'STORED_RUN_INVALID'
  | 'INPUT_INVALID'
  | 'CREDENTIALS_UNAVAILABLE'
  | 'AWS_UNREACHABLE'
  | 'ACCOUNT_VENDING_FAILED'
  | 'REGION_ENABLE_FAILED'
  | 'ROLE_BOOTSTRAP_FAILED'
  | 'EMULATOR_FAILED'
  | 'ACCOUNT_QUOTA_EXHAUSTED'
  | 'REPORTS_LOCKED'
  | 'SWEEP_INCOMPLETE'
  | 'HISTORY_STORE_FAILED'
  | 'SHARD_MERGE_FAILED'
  | 'INTERRUPTED'

/** Exit codes of errors: 2 bad input or usage, 3 provisioning/infrastructure failure, 130 interrupted. A finished run
 * exits 0 (pass), 1 (findings) or 4 (incomplete): see history/verdict.ts and cli/run-verdict.ts. */
export const EXIT_CODES: Record<HarnessErrorCode, 2 | 3 | 130> = {
  USAGE: 2,
  CONFIG_INVALID: 2,
  SCENARIO_INVALID: 2,
  POLICY_INVALID: 2,
  TIMELINE_INVALID: 2,
  FAULTS_INVALID: 2,
  STORED_RUN_INVALID: 2,
  INPUT_INVALID: 2,
  CREDENTIALS_UNAVAILABLE: 2,
  AWS_UNREACHABLE: 3,
  ACCOUNT_VENDING_FAILED: 3,
  REGION_ENABLE_FAILED: 3,
  ROLE_BOOTSTRAP_FAILED: 3,
  EMULATOR_FAILED: 3,
  ACCOUNT_QUOTA_EXHAUSTED: 3,
  REPORTS_LOCKED: 3,
  SWEEP_INCOMPLETE: 3,
  HISTORY_STORE_FAILED: 3,
  SHARD_MERGE_FAILED: 3,
  INTERRUPTED: 130,
}

export class HarnessError extends Error {
  constructor(
    readonly code: HarnessErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options)
    this.name = 'HarnessError'
  }
}

export function isHarnessError(value: unknown): value is HarnessError {
  return value instanceof HarnessError
}
