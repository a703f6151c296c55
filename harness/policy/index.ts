/**
 * Public entry point of the IAM policy model and evaluator. No emulator dependencies: the emulator's
 * authorizer, the IAM service and the harness CLI all import from here.
 */

export { benchmarkEvaluator, type EvaluatorBenchmark } from './benchmark.js'
export { type ConditionOperator, parseConditionOperator } from './condition-operators.js'
export { evaluate, policyAllowsAction } from './evaluate.js'
export { expandActions, lintPolicy, type PolicyLintFinding } from './lint.js'
export { malformedPolicyMessage } from './malformed-message.js'
export {
  matchesAction,
  matchesPrincipal,
  matchesResource,
  principalFromArn,
  type RequestPrincipal,
  splitArn,
} from './matching.js'
export { type ParseOptions, type ParseResult, parsePolicy } from './parse.js'
export type * from './types.js'
