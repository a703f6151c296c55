/**
 * `items.map(task)` with at most `limit` tasks in flight, results in the items' order. For in-process
 * CLI runs: a run that finishes hands its scenario thread back to the pool (runtime/contained/
 * worker-pool.ts) for the next run to reuse, where all of them at once would each start a thread
 * (a second or more of CPU apiece, loading tsx and the SDK). Hand-written: no dependency has it.
 */
export async function mapAtMost<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index] as T, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}
