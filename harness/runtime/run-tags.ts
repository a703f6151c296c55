/** Tags on everything a run creates: `harness sweep` finds a killed run's leftovers by its run id. */

export const RUN_TAG_KEYS = { runId: 'harness:run-id', managedBy: 'harness:managed-by' } as const

export function runTags(runId: string): Record<string, string> {
  return { [RUN_TAG_KEYS.runId]: runId, [RUN_TAG_KEYS.managedBy]: 'harness' }
}
