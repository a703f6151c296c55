/** A concurrency limiter: at most `size` tasks run at once, in the order they were queued. */
export function createLimiter(size: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: Array<() => void> = []
  // A finishing task hands its slot straight to the next waiter, so no newcomer can overtake it.
  const acquire = (): Promise<void> | undefined => {
    if (active < size) {
      active++
      return undefined
    }
    return new Promise<void>((resolve) => waiting.push(resolve))
  }
  const release = () => {
    const next = waiting.shift()
    if (next) next()
    else active--
  }
  return async <T>(task: () => Promise<T>): Promise<T> => {
    await acquire()
    try {
      return await task()
    } finally {
      release()
    }
  }
}
