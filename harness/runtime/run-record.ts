/** Assembles the run record (pure): what ran, where, with which policy, and every step's outcome. */
import type { ResolvedConfig } from '../config/resolve.js'
import { orderResults } from '../history/order-results.js'
import { RUN_RECORD_SCHEMA_VERSION, type RunRecord } from '../history/types.js'
import { predictCalls } from '../policy/predict.js'
import { ruleInForce } from '../reporters/dashboard/markers.js'
import { withoutUserInfo } from '../url-userinfo.js'
import type { ExecuteResult } from './execute.js'
import type { DeclaredPolicy } from './policy-file.js'
import { type ReplayClock, replayDateOf } from './replay-date.js'

export interface RunRecordInput {
  runId: string
  startedAt: Date
  finishedAt: Date
  config: ResolvedConfig
  policy: DeclaredPolicy
  scenarios: string[]
  harnessVersion: string
  executed: ExecuteResult
  /** See runEndpoint(). */
  endpoint: string
  /** The run used an emulator of its own (HARNESS_EMULATOR_ENDPOINT), whose clock the config does not set. */
  /** The emulator the run used (embedded or its own), if any: an emulator of its own keeps its own clock. */
  emulator?: ReplayClock
}

/**
 * Where the run's calls go, as stored in the record: 'emulator' for the embedded emulator (its port
 * changes every run, so it is not part of the identity), else a custom AWS_ENDPOINT_URL, else 'aws'.
 */
export function runEndpoint(target: ResolvedConfig['target'], env: NodeJS.ProcessEnv): string {
  if (target === 'local') return 'emulator'
  // Recorded and shown in every report: a user:password in the URL (a proxy's) stays out of them.
  const url = env.AWS_ENDPOINT_URL?.trim()
  return url ? withoutUserInfo(url) : 'aws'
}

export function buildRunRecord(input: RunRecordInput): RunRecord {
  const { config, executed } = input
  const account = executed.account
  const record: RunRecord = {
    schemaVersion: RUN_RECORD_SCHEMA_VERSION,
    runId: input.runId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    target: config.target,
    harnessVersion: input.harnessVersion,
    endpoint: input.endpoint,
    policyHash: input.policy.hash,
    policyFile: input.policy.file,
    policy: JSON.parse(input.policy.json),
    account: {
      id: account?.accountId ?? 'unknown',
      createdAt: (account?.createdAt ?? input.startedAt).toISOString(),
      // A pool run mixes accounts: it is fresh as a whole only when every step ran fresh.
      fresh: executed.plan
        ? executed.results.every((result) => result.freshness !== 'seasoned')
        : (account?.fresh ?? true),
    },
    regions: executed.regions,
    scenarios: input.scenarios,
    results: orderResults(executed.results, config.regions),
  }
  if (executed.plan) {
    record.strategy = 'pool'
    record.poolAccounts = executed.poolAccounts
    record.plan = executed.plan
  }
  if (executed.trail) record.trail = executed.trail
  const replayDate = replayDateOf(config, input.emulator)
  if (replayDate) record.emulatorDate = replayDate
  return record
}

/**
 * Adds to every step that made AWS calls what the declared policy should give it by the documented rules:
 * on a replay, the rules as they were on its emulated date in the step's region (a tag-on-create rule
 * that reached the region later is not one yet).
 */
export async function addPredictions(record: RunRecord): Promise<RunRecord> {
  const results = await Promise.all(
    record.results.map(async (result) => {
      const replayed = record.emulatorDate
      const options = replayed
        ? {
            tagOnCreateInForce: (call: { action: string }, actions: readonly string[]) =>
              ruleInForce(call.action, result.region, replayed, actions),
          }
        : {}
      const prediction = result.calls ? await predictCalls(record.policy, result.calls, options) : undefined
      return prediction ? { ...result, prediction } : result
    }),
  )
  return { ...record, results }
}
