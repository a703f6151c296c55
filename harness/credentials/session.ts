/**
 * An account session: administrator credentials in the vended account (OrganizationAccountAccessRole)
 * and, once the harness role exists, minimal-role credentials per region through that region's STS.
 *
 * The administrator hop is made through the home region's *regional* STS endpoint: its v2 tokens
 * work in every region, whereas an opt-in region's own STS endpoint would also need that region
 * enabled in the management account (aws-facts §2), which harness must not require. The minimal
 * hop is made in the region itself, where both the caller and the role live in the member account.
 */
import type { AwsCredentialIdentityProvider } from '@smithy/types'
import { HarnessError } from '../errors.js'
import { createAssumeRoleProvider, sessionNameFor } from './assume-role.js'
import { awsErrorName } from './aws-error.js'
import { endpointVariantConfig } from './endpoint-variants.js'
import { expectedWaitBackoff, isPropagationWait } from './retry.js'
import { sdkRetryConfig } from './sdk-retry.js'
import type { AccountSession, AwsTarget, ClientConfig, ProgressListener, VendedAccount } from './types.js'

export const ACCOUNT_ACCESS_ROLE_NAME = 'OrganizationAccountAccessRole'

export function accountAccessRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/${ACCOUNT_ACCESS_ROLE_NAME}`
}

export function openAccountSession(
  target: AwsTarget,
  account: VendedAccount,
  options: { runId?: string; signal?: AbortSignal; onProgress?: ProgressListener } = {},
): AccountSession {
  const sessionId = options.runId ?? account.accountId
  // The emulator states how long a new account's role takes to become assumable: looked at when it should be.
  const { firstLookMs, ...accessPolls } = expectedWaitBackoff(target, 'account-access')
  const admin = createAssumeRoleProvider({
    region: target.homeRegion,
    endpoint: target.endpoint,
    sourceCredentials: target.managementCredentials,
    roleArn: accountAccessRoleArn(account.accountId),
    sessionName: sessionNameFor('harness-admin', sessionId),
    now: target.now,
    timeScale: target.timeScale,
    waitUntilAssumable: {
      backoff: accessPolls,
      // From when the creation was seen finished (the delay runs from there), else from now.
      ...(firstLookMs > 0 ? { firstLookAt: (account.seenReadyAt ?? Date.now()) + firstLookMs } : {}),
      signal: options.signal,
      onRetry: (error, attempt) =>
        options.onProgress?.({
          type: 'retry',
          what: `OrganizationAccountAccessRole in ${account.accountId}`,
          attempt,
          errorName: awsErrorName(error),
          expected: isPropagationWait(error),
        }),
    },
  })
  const minimal = new Map<string, AwsCredentialIdentityProvider>()

  const session: AccountSession = {
    target,
    account,
    adminCredentials: () => admin,
    minimalCredentials(region) {
      const role = session.role
      if (!role)
        throw new HarnessError(
          'ROLE_BOOTSTRAP_FAILED',
          'minimal-role credentials were requested before the harness role was created',
        )
      let provider = minimal.get(region)
      if (!provider) {
        provider = createAssumeRoleProvider({
          region,
          endpoint: target.endpoint,
          sourceCredentials: admin,
          roleArn: role.roleArn,
          externalId: role.externalId,
          sessionName: sessionNameFor('harness', sessionId),
          now: target.now,
          timeScale: target.timeScale,
        })
        minimal.set(region, provider)
      }
      return provider
    },
    clientConfig: (region, credentials): ClientConfig => ({
      region,
      endpoint: target.endpoint,
      credentials,
      ...sdkRetryConfig(target.timeScale),
      ...endpointVariantConfig(target.endpoint),
    }),
  }
  return session
}
