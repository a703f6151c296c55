/**
 * Public entry point of the IAM policy model and evaluator. No emulator dependencies: the emulator's
 * authorizer, the IAM service and the harness CLI all import from here.
 */
export type * from './types.js'
export { parsePolicy, type ParseResult } from './parse.js'
export { malformedPolicyMessage } from './malformed-message.js'
export { evaluate, policyAllowsAction } from './evaluate.js'
export {
  matchesAction,
  matchesResource,
  matchesPrincipal,
  principalFromArn,
  splitArn,
  type RequestPrincipal,
} from './matching.js'
export { parseConditionOperator, type ConditionOperator } from './condition-operators.js'
export { lintPolicy, expandActions, type PolicyLintFinding } from './lint.js'
export { benchmarkEvaluator, type EvaluatorBenchmark } from './benchmark.js'
