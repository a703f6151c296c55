/**
 * The text IAM puts in a MalformedPolicyDocument error: only the first problem, in IAM's own words
 * (errors from parsePolicy are already in IAM's check order). Organizations answers SCP/RCP problems with
 * one generic sentence.
 */
import type { PolicyKind, PolicyValidationError } from './types.js'
import { AWS_MESSAGES } from './validation-error.js'

export function malformedPolicyMessage(errors: PolicyValidationError[], kind: PolicyKind): string {
  if (kind === 'scp') return AWS_MESSAGES.organizations
  return errors[0]?.awsMessage ?? AWS_MESSAGES.syntax
}
