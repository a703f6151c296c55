/**
 * Long waits (account creation, region enabling, IAM propagation: minutes to hours on AWS) print a line every
 * so often, so a terminal or CI log shows the run is alive and what it is waiting for. Someone watching a
 * terminal hears every 10 s; a CI log, which keeps every line, every 30 s.
 */
export const HEARTBEAT_INTERVAL_MS = 30_000
export const TTY_HEARTBEAT_INTERVAL_MS = 10_000

export async function withHeartbeat<T>(
  work: Promise<T>,
  say: (waited: string) => void,
  intervalMs: number = HEARTBEAT_INTERVAL_MS,
): Promise<T> {
  const startedAt = Date.now()
  const timer = setInterval(() => say(formatWaited(Date.now() - startedAt)), intervalMs)
  timer.unref()
  try {
    return await work
  } finally {
    clearInterval(timer)
  }
}

export function formatWaited(ms: number): string {
  const seconds = Math.round(ms / 1000)
  const minutes = Math.floor(seconds / 60)
  return minutes > 0 ? `${minutes} min ${String(seconds % 60).padStart(2, '0')} s` : `${seconds} s`
}
