/**
 * The harness role in the vended account: trusted only by the harness's own principal with a
 * per-run ExternalId, carrying exactly the declared policy. IAM is eventually consistent, so the
 * trust policy is written last and AssumeRole is retried until it works: once the role can be
 * assumed, the change that made it assumable (and everything before it) has propagated.
 */

import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import type * as SdkIam from '@aws-sdk/client-iam'
import { formatElapsed } from '../elapsed.js'
import { HarnessError, isHarnessError } from '../errors.js'
import { assumeRoleOnce, sessionNameFor } from './assume-role.js'
import { awsErrorName, describeAwsError, safeCause } from './aws-error.js'
import {
  backoffFor,
  expectedWaitBackoff,
  isPropagationWait,
  PROPAGATION_ERRORS,
  RetryTimeoutError,
  retryReason,
  withRetry,
} from './retry.js'
import { accountAccessRoleArn } from './session.js'
import type { AccountSession, HarnessRole, ProgressListener } from './types.js'

// The SDK's CommonJS bundles are loaded with require: through the ESM loader each is parsed twice more
// (module-format detection and export lexing), about 0.1 s of CPU per client in every process.
const requireSdk = createRequire(import.meta.url)
// Loaded at first use, once CreateAccount is sent (runtime/execute.ts loadAccountSdk), not at start-up.
const iamSdk = () => requireSdk('@aws-sdk/client-iam') as typeof SdkIam
type IAMClient = SdkIam.IAMClient

export const DECLARED_POLICY_NAME = 'harness-declared-policy'
/** Every harness role's name starts so (runtime/provision.ts harnessRoleName): sweeps find lost runs' roles by it. */
export const HARNESS_ROLE_PREFIX = 'harness-minimal-'

export interface HarnessRoleOptions {
  roleName: string
  /** The declared minimal policy, as JSON text. */
  policyDocument: string
  permissionsBoundaryArn?: string
  /** Who may assume the role. Default: the account's OrganizationAccountAccessRole, the principal harness chains through. */
  harnessPrincipalArn?: string
  externalId?: string
  tags?: Record<string, string>
  onProgress?: ProgressListener
  signal?: AbortSignal
  /** How long to wait for IAM propagation; default 2 min (Terraform's practical bound). */
  propagationTimeoutMs?: number
}

export function trustPolicyFor(principalArn: string, externalId: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'HarnessOnly',
        Effect: 'Allow',
        Principal: { AWS: principalArn },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': externalId } },
      },
    ],
  })
}

export async function createHarnessRole(session: AccountSession, options: HarnessRoleOptions): Promise<HarnessRole> {
  const principal = options.harnessPrincipalArn ?? accountAccessRoleArn(session.account.accountId)
  const role: HarnessRole = {
    roleName: options.roleName,
    roleArn: `arn:aws:iam::${session.account.accountId}:role/${options.roleName}`,
    externalId: options.externalId ?? randomBytes(16).toString('hex'),
  }
  const { CreateRoleCommand, PutRolePermissionsBoundaryCommand, PutRolePolicyCommand, UpdateAssumeRolePolicyCommand } =
    iamSdk()
  const iam = iamClient(session)
  const call = iamCaller(session, options)
  try {
    // Until the last step nobody can assume it: the bootstrap trust wants an ExternalId no one has.
    const created = await call('CreateRole', () =>
      iam.send(
        new CreateRoleCommand({
          RoleName: role.roleName,
          AssumeRolePolicyDocument: trustPolicyFor(principal, `bootstrap-${randomBytes(16).toString('hex')}`),
          Description: 'harness: minimal declared policy for permission-drift scenarios',
          MaxSessionDuration: 3600,
          Tags: Object.entries(options.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        }),
      ),
    )
    role.roleArn = created.Role?.Arn ?? role.roleArn
  } catch (error) {
    iam.destroy()
    if (isHarnessError(error)) throw error
    const what = `creating the harness role ${role.roleName}`
    throw new HarnessError('ROLE_BOOTSTRAP_FAILED', `${what}: ${describeAwsError('IAM', error)}`, {
      cause: safeCause(error),
    })
  }
  try {
    await call('PutRolePolicy', () =>
      iam.send(
        new PutRolePolicyCommand({
          RoleName: role.roleName,
          PolicyName: DECLARED_POLICY_NAME,
          PolicyDocument: options.policyDocument,
        }),
      ),
    )
    if (options.permissionsBoundaryArn) {
      const boundary = options.permissionsBoundaryArn
      await call('PutRolePermissionsBoundary', () =>
        iam.send(new PutRolePermissionsBoundaryCommand({ RoleName: role.roleName, PermissionsBoundary: boundary })),
      )
    }
    await call('UpdateAssumeRolePolicy', () =>
      iam.send(
        new UpdateAssumeRolePolicyCommand({
          RoleName: role.roleName,
          PolicyDocument: trustPolicyFor(principal, role.externalId),
        }),
      ),
    )
    // IAM's propagation runs from this last change, made by the time its answer is here.
    await waitUntilAssumable(session, role, options, Date.now())
  } catch (error) {
    await deleteHarnessRole(session, role).catch(() => undefined)
    throw isHarnessError(error) ? error : bootstrapError(`setting up the harness role ${role.roleName}`, error)
  } finally {
    iam.destroy()
  }
  session.role = role
  return role
}

/** Retries AssumeRole while IAM answers AccessDenied for the fresh role (≈2 min bound on AWS). */
async function waitUntilAssumable(
  session: AccountSession,
  role: HarnessRole,
  options: HarnessRoleOptions,
  changedAt: number,
): Promise<void> {
  const { target } = session
  const startedAt = Date.now()
  const what = `AssumeRole ${role.roleArn} (IAM propagation)`
  // The emulator states its propagation delay: looked at once, then when the role should be assumable.
  const { firstLookMs, ...polls } = expectedWaitBackoff(target, 'propagation')
  try {
    await withRetry(
      what,
      () =>
        assumeRoleOnce({
          region: target.homeRegion,
          endpoint: target.endpoint,
          sourceCredentials: session.adminCredentials(target.homeRegion),
          roleArn: role.roleArn,
          externalId: role.externalId,
          sessionName: sessionNameFor('harness-probe', session.account.accountId),
          timeScale: target.timeScale,
        }),
      {
        backoff: { ...polls, ...timeout(options.propagationTimeoutMs) },
        ...(firstLookMs > 0 ? { firstLookAt: changedAt + firstLookMs } : {}),
        isRetryable: (error) => retryReason(error, PROPAGATION_ERRORS) !== undefined,
        onRetry: (error, attempt) =>
          options.onProgress?.({
            type: 'retry',
            what,
            attempt,
            errorName: awsErrorName(error),
            expected: isPropagationWait(error),
          }),
        signal: options.signal,
      },
    )
  } catch (error) {
    if (error instanceof RetryTimeoutError) {
      throw new HarnessError(
        'ROLE_BOOTSTRAP_FAILED',
        `the harness role ${role.roleArn} could still not be assumed ${formatElapsed(error.waitedMs)} after it was created ` +
          `(${describeAwsError('AssumeRole', error.lastError)}); IAM normally propagates within seconds`,
        { cause: safeCause(error.lastError) },
      )
    }
    throw isHarnessError(error) ? error : bootstrapError(`assuming the harness role ${role.roleArn}`, error)
  }
  options.onProgress?.({ type: 'role-ready', roleArn: role.roleArn, waitedMs: Date.now() - startedAt })
}

/** Deletes inline policies, attached policies, the boundary, then the role. Idempotent. */
export async function deleteHarnessRole(
  session: AccountSession,
  role: Pick<HarnessRole, 'roleName'> | undefined = session.role,
): Promise<void> {
  if (!role) return
  const {
    DeleteRoleCommand,
    DeleteRolePermissionsBoundaryCommand,
    DeleteRolePolicyCommand,
    DetachRolePolicyCommand,
    ListAttachedRolePoliciesCommand,
    ListRolePoliciesCommand,
  } = iamSdk()
  const iam = iamClient(session)
  const call = iamCaller(session, {})
  const RoleName = role.roleName
  try {
    const inline = await call('ListRolePolicies', () => iam.send(new ListRolePoliciesCommand({ RoleName })))
    for (const PolicyName of inline.PolicyNames ?? []) {
      await ignoreMissing(
        call('DeleteRolePolicy', () => iam.send(new DeleteRolePolicyCommand({ RoleName, PolicyName }))),
      )
    }
    const attached = await call('ListAttachedRolePolicies', () =>
      iam.send(new ListAttachedRolePoliciesCommand({ RoleName })),
    )
    for (const { PolicyArn } of attached.AttachedPolicies ?? []) {
      await ignoreMissing(
        call('DetachRolePolicy', () => iam.send(new DetachRolePolicyCommand({ RoleName, PolicyArn }))),
      )
    }
    await ignoreMissing(
      call('DeleteRolePermissionsBoundary', () => iam.send(new DeleteRolePermissionsBoundaryCommand({ RoleName }))),
    )
    await call('DeleteRole', () => iam.send(new DeleteRoleCommand({ RoleName })))
  } catch (error) {
    if (isMissing(error)) return
    throw bootstrapError(`deleting the harness role ${RoleName}`, error)
  } finally {
    iam.destroy()
  }
  if (session.role?.roleName === RoleName) session.role = undefined
}

/** Every role named with `prefix` in the session's account, with its creation time. */
export async function listRolesNamed(
  session: AccountSession,
  prefix: string,
): Promise<Array<{ roleName: string; createdAt: Date }>> {
  const { ListRolesCommand } = iamSdk()
  const iam = iamClient(session)
  const call = iamCaller(session, {})
  const roles: Array<{ roleName: string; createdAt: Date }> = []
  try {
    let Marker: string | undefined
    do {
      const page = await call('ListRoles', () => iam.send(new ListRolesCommand({ Marker })))
      for (const role of page.Roles ?? []) {
        if (role.RoleName?.startsWith(prefix))
          roles.push({ roleName: role.RoleName, createdAt: role.CreateDate ?? new Date() })
      }
      Marker = page.IsTruncated ? page.Marker : undefined
    } while (Marker)
  } finally {
    iam.destroy()
  }
  return roles
}

function iamClient(session: AccountSession): IAMClient {
  const region = session.target.homeRegion
  return new (iamSdk().IAMClient)(session.clientConfig(region, session.adminCredentials(region)))
}

/** IAM calls retried on throttling and transient faults; IAM's LimitExceeded is a quota, not throttling. */
function iamCaller(session: AccountSession, options: Pick<HarnessRoleOptions, 'onProgress' | 'signal'>) {
  return <T>(operation: string, send: () => Promise<T>): Promise<T> =>
    withRetry(`IAM ${operation}`, send, {
      backoff: backoffFor(session.target.kind, 'call', session.target.timeScale),
      isRetryable: (error) => awsErrorName(error) !== 'LimitExceededException' && retryReason(error) !== undefined,
      onRetry: (error, attempt) =>
        options.onProgress?.({ type: 'retry', what: `IAM ${operation}`, attempt, errorName: awsErrorName(error) }),
      signal: options.signal,
    })
}

const timeout = (timeoutMs: number | undefined) => (timeoutMs === undefined ? {} : { timeoutMs })

const isMissing = (error: unknown): boolean => ['NoSuchEntityException', 'NoSuchEntity'].includes(awsErrorName(error))

async function ignoreMissing(promise: Promise<unknown>): Promise<void> {
  try {
    await promise
  } catch (error) {
    if (!isMissing(error)) throw error
  }
}

function bootstrapError(what: string, error: unknown): HarnessError {
  if (isHarnessError(error)) return error
  const name = awsErrorName(error)
  if (name === 'MalformedPolicyDocumentException' || name === 'LimitExceededException') {
    return new HarnessError(
      'POLICY_INVALID',
      `IAM rejected the declared policy while ${what}: ${describeAwsError('IAM', error)}`,
      { cause: safeCause(error) },
    )
  }
  return new HarnessError('ROLE_BOOTSTRAP_FAILED', `${what}: ${describeAwsError('IAM', error)}`, {
    cause: safeCause(error),
  })
}
