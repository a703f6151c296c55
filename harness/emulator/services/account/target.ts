/**
 * Whose regions a call manages: the caller's own account, or (with AccountId) a member account of
 * the caller's organization when the caller is its management account and trusted access is on.
 */
import type { AccountRecord } from '../../core/state.js'
import type { RequestContext } from '../../core/types.js'
import { settleOrganization } from '../organizations/settle.js'
import { accessDenied, validation } from './errors.js'

const ACCOUNT_ID = /^\d{12}$/

/** The resource ARN the Service Authorization Reference gives for the target account. */
export function targetAccountArn(ctx: RequestContext): string {
  const accountId = ctx.params.AccountId
  const org = ctx.state.organization
  if (typeof accountId !== 'string' || accountId === ctx.caller.accountId || !org)
    return `arn:aws:account::${ctx.caller.accountId}:account`
  return `arn:aws:account::${org.masterAccountId}:account/${org.id}/${accountId}`
}

export function targetAccount(ctx: RequestContext): AccountRecord {
  settleOrganization(ctx.state)
  const accountId = ctx.params.AccountId
  if (accountId === undefined || accountId === null || accountId === ctx.caller.accountId) {
    const own = ctx.state.accounts.get(ctx.caller.accountId)
    if (!own) throw accessDenied('The caller account does not exist.')
    return own
  }
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId))
    throw validation(
      `1 validation error detected: Value '${String(accountId)}' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^\\d{12}$`,
      'fieldValidationFailed',
      'accountId',
    )
  const org = ctx.state.organization
  const denied = `User: ${ctx.caller.arn} is not authorized to perform: account:${ctx.operation} on resource: ${targetAccountArn(ctx)}`
  if (!org || org.masterAccountId !== ctx.caller.accountId) throw accessDenied(denied)
  if (org.featureSet !== 'ALL' || !org.serviceAccess.has('account.amazonaws.com'))
    throw accessDenied(
      `${denied} because trusted access for the Account Management service is not enabled in the organization`,
    )
  const member = ctx.state.accounts.get(accountId)
  if (!member) throw accessDenied(denied)
  return member
}
