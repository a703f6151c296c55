/** Issuing ASIA session credentials for an assumed role. */
import { registerCredentials } from '../../../outcomes/redact.js'
import { newAccessKeyId, newSecretAccessKey, newSessionToken } from '../../core/ids.js'
import type { CredentialRecord, RoleRecord } from '../../core/state.js'
import type { Caller, RequestContext } from '../../core/types.js'

export interface SessionInput {
  role: RoleRecord
  accountId: string
  sessionName: string
  durationSeconds: number
  sessionPolicy?: string
  sessionPolicyArns: string[]
  sourceIdentity?: string
  principalTags?: Record<string, string>
}

/** v1 (default-regions-only) tokens come from the global endpoint unless the account switched to v2Token. */
function tokenVersion(ctx: RequestContext): 'v1' | 'v2' {
  if (!ctx.globalEndpoint) return 'v2'
  const account = ctx.state.accounts.get(ctx.caller.accountId)
  return account?.iam.globalEndpointTokenVersion === 'v2Token' ? 'v2' : 'v1'
}

export function issueRoleSession(ctx: RequestContext, input: SessionInput): CredentialRecord {
  const issuedAt = ctx.state.clock.now()
  const expiresAt = new Date(issuedAt.getTime() + input.durationSeconds * 1000)
  const accessKeyId = newAccessKeyId(true)
  const caller: Caller = {
    accountId: input.accountId,
    arn: `arn:aws:sts::${input.accountId}:assumed-role/${input.role.roleName}/${input.sessionName}`,
    principalType: 'assumed-role',
    userId: `${input.role.roleId}:${input.sessionName}`,
    accessKeyId,
    roleArn: input.role.arn,
    roleName: input.role.roleName,
    sessionName: input.sessionName,
    sessionPolicy: input.sessionPolicy,
    sessionPolicyArns: input.sessionPolicyArns.length > 0 ? input.sessionPolicyArns : undefined,
    sourceIdentity: input.sourceIdentity,
    principalTags: input.principalTags,
    chained: ctx.caller.principalType === 'assumed-role',
    tokenVersion: tokenVersion(ctx),
    expiresAt,
  }
  const record: CredentialRecord = {
    accessKeyId,
    secretAccessKey: newSecretAccessKey(),
    sessionToken: newSessionToken(),
    caller,
    issuedAt,
    expiresAt,
  }
  // The emulator's own logs and dumps never show what it issued (the registry is per process).
  registerCredentials(record)
  ctx.state.credentials.set(accessKeyId, record)
  return record
}
