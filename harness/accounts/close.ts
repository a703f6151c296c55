/**
 * What happens to the account after a run: kept for the next run, or closed. Closing failures are
 * reported in the result, never thrown, because this runs during cleanup.
 */
import { CloseAccountCommand, OrganizationsClient } from '@aws-sdk/client-organizations'
import { awsErrorName, describeAwsError, reasonOf } from '../credentials/aws-error.js'
import { explainConstraintViolation } from './failure-reasons.js'
import type { AwsTarget, VendedAccount } from './types.js'

export type AccountStatus = 'kept' | 'closed' | 'close-failed'

export interface FinishResult {
  status: AccountStatus
  error?: string
}

export async function finishAccount(
  target: AwsTarget,
  account: VendedAccount,
  mode: 'keep' | 'close',
): Promise<FinishResult> {
  if (mode === 'keep') return { status: 'kept' }
  const org = new OrganizationsClient({
    region: target.homeRegion,
    endpoint: target.endpoint,
    credentials: target.managementCredentials,
  })
  try {
    await org.send(new CloseAccountCommand({ AccountId: account.accountId }))
    return { status: 'closed' }
  } catch (error) {
    if (awsErrorName(error) === 'AccountAlreadyClosedException') return { status: 'closed' }
    const explanation =
      awsErrorName(error) === 'ConstraintViolationException' ? ` — ${explainConstraintViolation(reasonOf(error))}` : ''
    return {
      status: 'close-failed',
      error: `${describeAwsError(`Organizations CloseAccount ${account.accountId}`, error)}${explanation}`,
    }
  } finally {
    org.destroy()
  }
}
