/**
 * Scenario threads run at a lower CPU priority than the run's own thread. When the new account exists,
 * the run's thread starts the region chain AWS paces (EnableRegion, one request a second, six regions
 * pending at most), while the threads prestarted at CreateAccount may still be loading the SDK and the
 * scenario files. On two cores, four loading threads left the run's thread a third of a core: the first
 * six EnableRegion calls went out 86-331 ms after the run first asked about the new account, against
 * 49-149 ms with the threads lowered, and every later region inherited the delay. `--region all` at time
 * scale 0.01, side by side: 1.072x its critical path against 1.061x on a slow moment of the machine (three
 * runs each), 1.056x against 1.053x on a fast one (eight pairs); one region, where the new threads have
 * the account's creation to load in, is unchanged. A scenario thread still gets every core the run's
 * thread leaves idle, which is nearly all of them once the account is set up.
 *
 * Linux only: there a thread's nice value is its own (setpriority on its thread id, read from
 * /proc/thread-self). Elsewhere, and where the call is refused, threads keep the process's priority.
 * The value is raised relative to the process's (`nice -n 5 harness run` gives threads 15), never
 * lowered: an unprivileged process cannot take priority back.
 */
import { readlinkSync } from 'node:fs'
import { getPriority, setPriority } from 'node:os'
import { isMainThread, workerData } from 'node:worker_threads'

/** How much lower: nice +10 is a tenth of the run thread's CPU share when both want the same core. */
export const SCENARIO_THREAD_NICE_STEP = 10
const LOWEST = 19

/** Set in the workerData of every scenario thread (worker-pool.ts), so only those lower their priority. */
export const SCENARIO_THREAD = 'harnessScenarioThread'

/** This thread's id, or undefined where /proc/thread-self is not there (not Linux). */
export function currentThreadId(): number | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop())
    return Number.isInteger(tid) && tid > 0 ? tid : undefined
  } catch {
    return undefined
  }
}

/** Lowers the calling thread's priority by SCENARIO_THREAD_NICE_STEP; returns its nice value, or undefined if unchanged. */
export function lowerThreadPriority(): number | undefined {
  const tid = currentThreadId()
  if (tid === undefined) return undefined
  try {
    const nice = Math.min(LOWEST, getPriority(tid) + SCENARIO_THREAD_NICE_STEP)
    setPriority(tid, nice)
    return nice
  } catch {
    return undefined
  }
}

// Scenario threads import this module first (scenario-worker.ts): the priority is lowered before the
// thread loads the rest of its modules, the first of its start-up work.
if (!isMainThread && (workerData as Record<string, unknown> | null)?.[SCENARIO_THREAD] === true) lowerThreadPriority()
