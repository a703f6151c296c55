import type { PolicyKind, PolicyValidationError } from './types.js'

export function malformedPolicyMessage(errors: PolicyValidationError[], kind: PolicyKind): string {
  void errors
  void kind
  return 'Syntax errors in policy.'
}
