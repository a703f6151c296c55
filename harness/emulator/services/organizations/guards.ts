/** Who may call: most Organizations operations are for the management account only. */
import type { OrganizationRecord } from '../../core/state.js'
import type { RequestContext } from '../../core/types.js'
import { accessDenied, notInUse } from './errors.js'
import { settleOrganization } from './settle.js'

/** Settles due work and returns the organization the caller belongs to. */
export function callerOrganization(ctx: RequestContext): OrganizationRecord {
  settleOrganization(ctx.state)
  const org = ctx.state.organization
  if (!org || !ctx.state.accounts.has(ctx.caller.accountId)) throw notInUse()
  return org
}

/** As callerOrganization, but only the management account may proceed. */
export function managementOrganization(ctx: RequestContext): OrganizationRecord {
  const org = callerOrganization(ctx)
  if (ctx.caller.accountId !== org.masterAccountId) throw accessDenied()
  return org
}
