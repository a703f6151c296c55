/** Provisioning API: vend an account, make regions usable, bootstrap the harness role, finish and record. */

export {
  createHarnessRole,
  deleteHarnessRole,
  HARNESS_ROLE_PREFIX,
  type HarnessRoleOptions,
} from '../credentials/harness-role.js'
export { resolveTarget, type TargetOptions } from '../credentials/management.js'
export { waitUntilRegionServes } from '../credentials/region-probe.js'
export { accountAccessRoleArn, openAccountSession } from '../credentials/session.js'
export { type AccountStatus, type FinishResult, finishAccount } from './close.js'
export {
  type AccountLedger,
  type AccountUse,
  freshnessKey,
  type LedgerEntry,
  ledgerPath,
  readAccountLedger,
  recordAccountUse,
} from './ledger.js'
export { MANAGEMENT_PERMISSIONS_POLICY } from './management-permissions.js'
export { ensureRegion, type RegionOptions } from './regions.js'
export type * from './types.js'
export { AccountVendingError, type VendOptions, vendAccount } from './vend.js'
