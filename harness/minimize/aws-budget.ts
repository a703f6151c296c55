/**
 * `harness minimize --target aws`: every probe is a run in a brand-new account (each needs a fresh
 * (operation, region)), and each closed account holds its organization slot for 90 days (aws-facts §11). So
 * before the first probe, the organization must have room for the fewest probes any minimization takes; a
 * probe that later finds no slot stops the search with what it needs. Refusing up front costs nothing.
 */
import { readAccountLedger } from '../accounts/ledger.js'
import { assertSlotFree, readAccountQuota } from '../accounts/quota.js'
import type { ResolvedConfig } from '../config/resolve.js'
import { HarnessError, isHarnessError } from '../errors.js'

/** The input, the input without unchecked actions, and at least one ablation round. */
export const MIN_AWS_PROBES = 3

const NEEDS =
  'harness minimize --target aws vends a brand-new account for every probe (each probe needs accounts that never ' +
  `used the steps' operations in those regions): at least ${MIN_AWS_PROBES}, usually 6 to 10, and each closed account holds its slot for 90 days`
const INSTEAD =
  'Raise the account quota in Service Quotas (then set HARNESS_ACCOUNT_QUOTA), or minimize on the emulator ' +
  '(--target local) and confirm the result with one harness run on AWS.'

export async function assertProbeBudget(config: ResolvedConfig): Promise<void> {
  const { connectTarget } = await import('../runtime/provision.js')
  const facts = await readAccountQuota(await connectTarget(config), process.env)
  const free = Math.max(0, facts.quota - facts.count)
  if (free >= MIN_AWS_PROBES) return
  try {
    assertSlotFree(facts, (await readAccountLedger(config.reportsDir)).accounts)
  } catch (error) {
    // The quota check's own sentence says when the next slot frees.
    throw new HarnessError('ACCOUNT_QUOTA_EXHAUSTED', `${NEEDS}; ${(error as Error).message} ${INSTEAD}`)
  }
  throw new HarnessError(
    'ACCOUNT_QUOTA_EXHAUSTED',
    `${NEEDS}; the organization has ${facts.count} account(s) (closed ones count for 90 days) and its quota is ${facts.quota}, so only ${free} can be vended. ${INSTEAD}`,
  )
}

/** A probe that found no free slot mid-way: say how far the search got. */
export function probeQuotaStop(error: unknown, probes: number): unknown {
  if (!isHarnessError(error) || error.code !== 'ACCOUNT_QUOTA_EXHAUSTED') return error
  return new HarnessError(
    'ACCOUNT_QUOTA_EXHAUSTED',
    `minimize stopped at probe ${probes}: no fresh account (quota). ${error.message} ${INSTEAD}`,
  )
}
