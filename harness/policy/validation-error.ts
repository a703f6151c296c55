/**
 * Validation problems with the stage IAM checks them in: IAM answers a bad document with the text of the
 * first failing check only, so errors are ordered by stage (then by position) before anyone reads them.
 * Stage order follows the IAM validator as observed (moto's replica of real IAM answers: getmoto/moto
 * tests/test_iam/test_iam_policies.py): syntax → version → legacy parsing → principal rules → Sid
 * uniqueness → actions present → resources present → action format → resource format → principal format.
 */
import type { PolicyValidationError } from './types.js'

export type ValidationStage =
  | 'syntax'
  | 'version'
  | 'legacy'
  | 'principal-rules'
  | 'sid'
  | 'actions'
  | 'resources'
  | 'action-format'
  | 'resource-format'
  | 'principal-format'

const STAGE_ORDER: Record<ValidationStage, number> = {
  syntax: 0,
  version: 1,
  legacy: 2,
  'principal-rules': 3,
  sid: 4,
  actions: 5,
  resources: 6,
  'action-format': 7,
  'resource-format': 8,
  'principal-format': 9,
}

export const AWS_MESSAGES = {
  syntax: 'Syntax errors in policy.',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  principalNotAllowed: 'Policy document should not specify a principal.',
  missingPrincipal: 'Missing required field Principal',
  sidUnique: 'Statement IDs (SID) in a single policy must be unique.',
  sidAlphanumeric:
    'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*',
  noActions: 'Policy statement must contain actions.',
  noResources: 'Policy statement must contain resources.',
  noVendor: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.',
  oneColon: 'Actions/Condition can contain only one colon.',
  vendorWildcard: 'Action vendors (e.g., aws, ec2, etc.) must not contain wildcards',
  vendorUnqualified: 'Resource vendor must be fully qualified and cannot contain regexes.',
  /** Organizations' MalformedPolicyDocumentException text for SCPs and RCPs. */
  organizations: 'The provided policy document does not meet the requirements of the specified policy type.',
} as const

export interface StagedError extends PolicyValidationError {
  stage: ValidationStage
}

export function orderErrors(errors: StagedError[]): PolicyValidationError[] {
  return errors
    .map((error, position) => ({ error, position }))
    .sort((a, b) => STAGE_ORDER[a.error.stage] - STAGE_ORDER[b.error.stage] || a.position - b.position)
    .map(({ error: { path, message, awsMessage } }) => ({ path, message, awsMessage }))
}
