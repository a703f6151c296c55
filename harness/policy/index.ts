/**
 * Public entry point of the IAM policy model and evaluator. No emulator dependencies: the emulator's
 * authorizer, the IAM service and the harness CLI all import from here.
 */
export type * from './types.js'
export { parsePolicy, resolvePolicy } from './parse.js'
export { malformedPolicyMessage } from './malformed-message.js'
export { evaluate, policyAllowsAction } from './evaluate.js'
export { matchesAction, matchesResource, matchesPrincipal } from './matching.js'
export { lintPolicy, expandActions, type PolicyLintFinding } from './lint.js'
export { benchmarkEvaluator } from './benchmark.js'
