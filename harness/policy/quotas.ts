/**
 * IAM's size and character limits on policy documents, checked before an account is vended (a policy
 * IAM refuses would otherwise fail only at PutRolePolicy, after the account exists).
 *
 * Source: IAM and AWS STS quotas, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * - "Role policy size cannot exceed 10,240 characters" (the aggregate of a role's inline policies);
 * - managed policy size 6,144 characters; role trust policy 2,048 (raisable to 4,096);
 * - "IAM does not count white space when calculating the size of a policy against these limits";
 * - policy documents may contain only tab, line feed, carriage return and U+0020 to U+00FF.
 * IAM has no separate statement-count quota for identity policies: the size limit is what bounds it.
 */

export const IAM_QUOTAS_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html'

export const POLICY_SIZE_LIMITS = {
  /** Aggregate of all inline policies of one role (harness puts the declared policy inline). */
  inlineRolePolicies: 10_240,
  managedPolicy: 6_144,
  roleTrustPolicy: 2_048,
} as const

/** Size as IAM counts it: characters, white space excluded. */
export function policySize(document: string): number {
  return document.replace(/\s/g, '').length
}

/** The first character IAM does not allow in a policy document, with its position, if any. */
export function disallowedCharacter(document: string): { index: number; codePoint: string } | undefined {
  const match = /[^\t\n\r\u0020-\u00ff]/u.exec(document)
  if (!match) return undefined
  const codePoint = `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`
  return { index: match.index, codePoint }
}
