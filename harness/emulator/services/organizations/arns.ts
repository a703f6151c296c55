/** Organizations resource ARNs (Service Authorization Reference formats) and id lookups. */
import type { EmulatorState, OrganizationRecord, OrgPolicyRecord } from '../../core/state.js'

export const accountArn = (org: OrganizationRecord, accountId: string): string =>
  `arn:aws:organizations::${org.masterAccountId}:account/${org.id}/${accountId}`

export const ouArn = (org: OrganizationRecord, ouId: string): string =>
  `arn:aws:organizations::${org.masterAccountId}:ou/${org.id}/${ouId}`

export const customerPolicyArn = (org: OrganizationRecord, type: OrgPolicyRecord['type'], policyId: string): string =>
  `arn:aws:organizations::${org.masterAccountId}:policy/${org.id}/${type.toLowerCase()}/${policyId}`

export type TargetKind = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT' | 'POLICY'

/** The ARN of a root, OU, account or policy id in the organization, or undefined when it does not exist. */
export function targetArn(
  state: EmulatorState,
  org: OrganizationRecord,
  id: string,
): { kind: TargetKind; arn: string } | undefined {
  if (id === org.rootId) return { kind: 'ROOT', arn: org.rootArn }
  const ou = org.ous.get(id)
  if (ou) return { kind: 'ORGANIZATIONAL_UNIT', arn: ou.arn }
  const account = state.accounts.get(id)
  if (account) return { kind: 'ACCOUNT', arn: account.arn }
  const policy = org.policies.get(id)
  if (policy) return { kind: 'POLICY', arn: policy.arn }
  return undefined
}

/** A parent (root or OU) id's ARN for authorization, falling back to '*' for unknown ids. */
export function parentArnOrWildcard(state: EmulatorState, id: unknown): string {
  const org = state.organization
  if (!org || typeof id !== 'string') return '*'
  const target = targetArn(state, org, id)
  return target && (target.kind === 'ROOT' || target.kind === 'ORGANIZATIONAL_UNIT') ? target.arn : '*'
}

/** Any organization resource id's ARN for authorization, '*' when unknown. */
export function resourceArnOrWildcard(state: EmulatorState, id: unknown): string {
  const org = state.organization
  if (!org || typeof id !== 'string') return '*'
  return targetArn(state, org, id)?.arn ?? '*'
}
