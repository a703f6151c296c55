/** Provisioning API: vend an account, make regions usable, bootstrap the harness role, finish and record. */
export { finishAccount, type AccountStatus, type FinishResult } from './close.js'
export {
  freshnessKey,
  ledgerPath,
  readAccountLedger,
  recordAccountUse,
  type AccountLedger,
  type AccountUse,
  type LedgerEntry,
} from './ledger.js'
export { ensureRegion, type RegionOptions } from './regions.js'
export { AccountVendingError, vendAccount, type VendOptions } from './vend.js'
export type * from './types.js'
export { createHarnessRole, deleteHarnessRole, type HarnessRoleOptions } from '../credentials/harness-role.js'
export { resolveTarget, type TargetOptions } from '../credentials/management.js'
export { accountAccessRoleArn, openAccountSession } from '../credentials/session.js'
