/** Roots and OUs as parents: the authorization check on a parent id, and reading a ParentId that must exist. */
import type { OrganizationRecord } from '../../core/state.js'
import type { AuthCheck, RequestContext } from '../../core/types.js'
import { parentArnOrWildcard } from './arns.js'
import { parentNotFound } from './errors.js'
import { PARENT_ID, requiredField } from './input.js'

export const isParent = (org: OrganizationRecord, id: string): boolean => id === org.rootId || org.ous.has(id)

/** `action` on the root or OU named by the `field` parameter ('*' while it names none). */
export const parentCheck = (ctx: RequestContext, action: string, field = 'ParentId'): AuthCheck => ({
  action,
  resource: parentArnOrWildcard(ctx.state, ctx.params[field]),
  reason: 'primary',
})

/** The ParentId parameter, validated, naming the root or an OU of `org`. */
export function requireParent(ctx: RequestContext, org: OrganizationRecord): string {
  const parentId = requiredField(ctx.params, 'ParentId', PARENT_ID)
  if (!isParent(org, parentId)) throw parentNotFound()
  return parentId
}
