import type { ParsedPolicy, PolicyKind, PolicyValidationError, NamedPolicy } from './types.js'

export function parsePolicy(
  input: string | unknown,
  kind: PolicyKind,
): { policy?: ParsedPolicy; errors: PolicyValidationError[] } {
  void kind
  const document = typeof input === 'string' ? JSON.parse(input) : input
  return { policy: { document, statements: [].concat(document.Statement) }, errors: [] }
}

export function resolvePolicy(policy: NamedPolicy['document']): ParsedPolicy {
  return parsePolicy(policy, 'identity').policy as ParsedPolicy
}
