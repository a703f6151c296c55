/**
 * The run's deadline from its management credentials: CI credentials often last one hour and come
 * as environment variables the SDK cannot refresh (aws-facts §11); after they expire, cleanup and
 * CloseAccount fail with ExpiredToken and the account stays open. Where the source can refresh
 * (a profile, SSO, a role to assume, a web identity token file) there is no deadline; otherwise new
 * work stops `CLEANUP_RESERVE_MS` before expiry so cleanup and closing still fit.
 */
import type { AwsTarget } from './types.js'

/** Time kept for cleanup and closing (with retries and close verification) on AWS. */
export const CLEANUP_RESERVE_MS = 15 * 60_000

export interface CredentialDeadline {
  expiresAt?: Date
  refreshable: boolean
  /** When to stop starting new work; undefined means no deadline. */
  stopNewWorkAt?: Date
}

/** Pure: the deadline for credentials expiring at `expiresAt` (the emulator's reserve is time-scaled). */
export function deadlineFor(
  expiresAt: Date | undefined,
  refreshable: boolean,
  kind: AwsTarget['kind'],
  timeScale = 1,
): CredentialDeadline {
  if (!expiresAt || refreshable) return { expiresAt, refreshable }
  const reserve = kind === 'aws' ? CLEANUP_RESERVE_MS : CLEANUP_RESERVE_MS * timeScale
  return { expiresAt, refreshable, stopNewWorkAt: new Date(expiresAt.getTime() - reserve) }
}

export async function readCredentialDeadline(target: AwsTarget): Promise<CredentialDeadline> {
  const identity = await target.managementCredentials()
  return deadlineFor(identity.expiration, target.credentialsRefreshable ?? true, target.kind, target.timeScale)
}

/** Whether static environment credentials are in use (no profile, role or token file to refresh from). */
export function usesStaticEnvironmentCredentials(
  env: Record<string, string | undefined>,
  options: { profile?: string; roleArn?: string },
): boolean {
  if (options.profile || options.roleArn) return false
  return Boolean(env.AWS_ACCESS_KEY_ID) && !env.AWS_WEB_IDENTITY_TOKEN_FILE
}
