/**
 * The runs this process has in progress. A journal carries its run's pid, so a sweep leaves the runs of
 * other live processes alone; the runs of this process are told apart here. Two runs at once in one
 * process (the CLI's main() twice, as the tests do, or a program using harness as a library) must not
 * sweep each other's account, while a run of this process that ended without finishing its journal
 * (an in-process run that crashed) is still swept.
 */
const inProgress = new Map<string, number>()

/** Runs `work` with `runId` marked in progress (nested or repeated runs of one id are counted). */
export async function whileInProgress<T>(runId: string, work: () => Promise<T>): Promise<T> {
  inProgress.set(runId, (inProgress.get(runId) ?? 0) + 1)
  try {
    return await work()
  } finally {
    const left = (inProgress.get(runId) ?? 1) - 1
    if (left > 0) inProgress.set(runId, left)
    else inProgress.delete(runId)
  }
}

export const isRunInProgress = (runId: string): boolean => inProgress.has(runId)
