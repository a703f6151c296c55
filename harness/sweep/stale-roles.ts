/**
 * Harness roles a lost run left in a pooled account: a run killed on a CI runner never reaches the store
 * with its journal, so no sweep knows its role, and the account is reused night after night. A pool run
 * deletes the others' roles in each pooled account it reuses: named as harness names them, not its own,
 * created more than a day ago (a run on another runner may still be using a younger one).
 */
import type { AccountSession } from '../accounts/types.js'
import { deleteHarnessRole, HARNESS_ROLE_PREFIX, listRolesNamed } from '../credentials/harness-role.js'
import { redactSecrets } from '../outcomes/redact.js'
import { ORPHAN_AGE_MS } from './orphans.js'

export interface StaleRoleSweep {
  deleted: string[]
  problems: string[]
}

export async function deleteStaleHarnessRoles(
  session: AccountSession,
  ownRoleName: string,
  now: Date,
): Promise<StaleRoleSweep> {
  const roles = await listRolesNamed(session, HARNESS_ROLE_PREFIX)
  const stale = roles.filter(
    (role) => role.roleName !== ownRoleName && now.getTime() - role.createdAt.getTime() > ORPHAN_AGE_MS,
  )
  const result: StaleRoleSweep = { deleted: [], problems: [] }
  for (const { roleName } of stale) {
    try {
      await deleteHarnessRole(session, { roleName })
      result.deleted.push(roleName)
    } catch (error) {
      result.problems.push(`role ${roleName}: ${redactSecrets((error as Error).message)}`)
    }
  }
  return result
}
