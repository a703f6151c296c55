/** Decisions per second for a realistic request. */
export function benchmarkEvaluator(iterations = 20000): { iterations: number; decisionsPerSecond: number } {
  return { iterations, decisionsPerSecond: 0 }
}
