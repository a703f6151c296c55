import type { EvaluationRequest, EvaluationResult, NamedPolicy, RequestContextValues } from './types.js'

export function evaluate(request: EvaluationRequest): EvaluationResult {
  void request
  return { decision: 'ImplicitlyDenied', decidedBy: 'identity-based', matchedStatements: [] }
}

export function policyAllowsAction(
  policy: NamedPolicy['document'],
  action: string,
  resource: string,
  context: RequestContextValues = {},
): boolean {
  return evaluate({ action, resource, context, identityPolicies: [{ id: 'policy', document: policy }] }).decision === 'Allowed'
}
