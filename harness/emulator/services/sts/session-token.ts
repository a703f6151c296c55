/**
 * GetSessionToken: temporary credentials for an IAM user (or root), expiring at `Expiration` like the
 * short-lived management credentials CI gets. DurationSeconds 900–129600 for users (default 43200),
 * at most 3600 for root; session credentials cannot call it (STS API reference, GetSessionToken).
 */
import { newAccessKeyId, newSecretAccessKey, newSessionToken } from '../../core/ids.js'
import type { CredentialRecord } from '../../core/state.js'
import type { OperationDefinition } from '../../core/types.js'
import { optionalInteger } from '../iam/params.js'
import { accessDenied } from './errors.js'

const DEFAULT_SECONDS = 43_200

export const getSessionToken: OperationDefinition = {
  authorize: () => [{ action: 'sts:GetSessionToken', resource: '*', reason: 'primary' }],
  readOnly: true,
  handler(ctx) {
    if (ctx.caller.principalType === 'assumed-role' || ctx.caller.expiresAt)
      throw accessDenied('Cannot call GetSessionToken with session credentials')
    const max = ctx.caller.principalType === 'root' ? 3_600 : 129_600
    const seconds = optionalInteger(ctx.params, 'DurationSeconds', { min: 900, max }) ?? Math.min(DEFAULT_SECONDS, max)
    const issuedAt = ctx.state.clock.now()
    const expiresAt = new Date(issuedAt.getTime() + seconds * 1000)
    const accessKeyId = newAccessKeyId(true)
    const record: CredentialRecord = {
      accessKeyId,
      secretAccessKey: newSecretAccessKey(),
      sessionToken: newSessionToken(),
      caller: { ...ctx.caller, accessKeyId, tokenVersion: 'v2', expiresAt },
      issuedAt,
      expiresAt,
    }
    ctx.state.credentials.set(accessKeyId, record)
    return {
      Credentials: {
        AccessKeyId: record.accessKeyId,
        SecretAccessKey: record.secretAccessKey,
        SessionToken: record.sessionToken,
        Expiration: expiresAt,
      },
    }
  },
}
