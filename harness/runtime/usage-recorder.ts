/**
 * Records which operations a run's own calls USED in its account, region by region: an SDK
 * middleware on every client harness builds for the account (minimal and administrator), because
 * the administrator's fact lookups and cleanups use the account too. Only successful calls count
 * (accounts/usage-keys.ts says why); the keys go to the account ledger at the end of the run.
 */
import { operationOf, usageKeysOfCall } from '../accounts/usage-keys.js'

/** `<operation>[+tags]@<region>` → first time the run used it. */
export type RunUsage = Map<string, Date>

interface MiddlewareStackLike {
  add(middleware: (next: any, context: any) => (args: any) => Promise<any>, options: object): void
}

/** Adds the recorder to one client (idempotent per client). */
export function recordUsageOf(client: { middlewareStack: MiddlewareStackLike }, region: string, usage: RunUsage) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args) // throws on any AWS error: a failed call is not use
      const operation = operationOf(String(context.clientName ?? ''), String(context.commandName ?? ''))
      if (operation) {
        for (const key of usageKeysOfCall(operation, args.input)) {
          const slot = `${key}@${region}`
          if (!usage.has(slot)) usage.set(slot, new Date())
        }
      }
      return result
    },
    { step: 'initialize', name: 'harnessUsageRecorder', override: true },
  )
}

interface StepUse {
  region: string
  finishedAt: string
  outcome: { kind: string; dryRun?: boolean }
  calls?: Array<{ action: string; withTags: boolean }>
}

/**
 * Scenario steps run in worker threads, beyond this process's middleware: their use comes from each
 * step's recorded calls (step-calls.ts). Only an allowed step's calls all succeeded; a DryRun
 * "success" is an error answer, so it is not use either.
 */
export function usageFromSteps(results: readonly StepUse[], usage: RunUsage): void {
  for (const result of results) {
    if (result.outcome.kind !== 'allowed' || result.outcome.dryRun) continue
    for (const call of result.calls ?? []) {
      for (const key of call.withTags ? [call.action, `${call.action}+tags`] : [call.action]) {
        const slot = `${key}@${result.region}`
        if (!usage.has(slot)) usage.set(slot, new Date(result.finishedAt))
      }
    }
  }
}
