/**
 * Shard records → the one run record a single run over all regions would have written (pure). The
 * shards must have run the same thing (target, endpoint, policy, harness version); a region of a shard
 * that never reported is kept in the record with an error, so the verdict on it is inconclusive and the
 * night can never look green.
 */
import { createHash } from 'node:crypto'
import { HarnessError } from '../errors.js'
import { orderResults } from '../history/order-results.js'
import { newRunId } from '../history/run-id.js'
import type { FixVerification, RunRecord, TrailCapture } from '../history/types.js'
import { shardOf } from '../store/shard-tag.js'
import type { ShardPlan } from './shard-split.js'

export interface MergedRun {
  record: RunRecord
  /** Shards of the plan with no record, e.g. ['2/3']. */
  missing: string[]
}

/** Shard records that cannot be one run: the message names the shards and the field that differs. */
export class ShardMismatchError extends HarnessError {
  constructor(message: string) {
    super('STORED_RUN_INVALID', message)
    this.name = 'ShardMismatchError'
  }
}

const SAME_FIELDS = ['target', 'endpoint', 'policyHash', 'harnessVersion', 'emulatorDate'] as const
/**
 * A replay's date is compared by day: shards of a replay on an emulator of its own each read its running
 * clock when they connect (runtime/local-emulator.ts), seconds or minutes apart; another day is another replay.
 */
const sameValue = (field: (typeof SAME_FIELDS)[number], a: RunRecord, b: RunRecord): boolean =>
  field === 'emulatorDate' ? a.emulatorDate?.slice(0, 10) === b.emulatorDate?.slice(0, 10) : a[field] === b[field]

export function mergeShardRecords(group: string, records: readonly RunRecord[], plan: ShardPlan): MergedRun {
  const shards = latestPerShard(records.map((record) => ({ record, tag: shardOf(record) })))
  const first = shards[0]?.record
  if (!first)
    throw new HarnessError(
      'SHARD_MERGE_FAILED',
      `no shard record of group ${group} to merge: every shard stopped before writing its run record (a provisioning stop such as the account quota, bad input, or a killed job); their own logs say why`,
    )
  for (const { record, tag } of shards) {
    if (!tag || tag.group !== group)
      throw new ShardMismatchError(`run ${record.runId} is not a shard of group ${group}`)
    for (const field of SAME_FIELDS) {
      if (!sameValue(field, record, first))
        throw new ShardMismatchError(
          `shards ${shardOf(first)?.index}/${tag.count} and ${tag.index}/${tag.count} ran with a different ${field} (${String(first[field])} vs ${String(record[field])}): they are not one run`,
        )
    }
  }
  const seen = new Set(shards.map(({ tag }) => tag?.index))
  const missingShards = plan.shards.filter((shard) => !seen.has(shard.index))
  const startedAt = shards.map(({ record }) => record.startedAt).sort()[0] ?? first.startedAt
  const finishedAt =
    shards
      .map(({ record }) => record.finishedAt)
      .sort()
      .at(-1) ?? first.finishedAt
  const accounts = shards.map(({ record }) => record.account)
  const emulatorDate = shards.map(({ record }) => record.emulatorDate).sort()[0]
  const ran = shards.flatMap(({ record }) => record.regions)
  const missingRegions = missingShards.flatMap((shard) =>
    shard.regions
      .filter((name) => !ran.some((region) => region.name === name))
      .map((name) => ({ name, error: `shard ${shard.id} did not report: no run record, so nothing is known here` })),
  )
  const regionOrder = plan.regions
  const regions = [...ran, ...missingRegions].sort((a, b) => rank(regionOrder, a.name) - rank(regionOrder, b.name))
  const { shard: _shard, ...base } = first as RunRecord & { shard?: unknown }
  const record: RunRecord & { shardGroup: string; accounts: unknown[] } = {
    ...base,
    // Deterministic: merging the same group twice gives the same run, which the store keeps once.
    runId: newRunId(new Date(startedAt), createHash('sha256').update(group).digest('hex').slice(0, 6)),
    startedAt,
    finishedAt,
    ...(emulatorDate ? { emulatorDate } : {}),
    account: {
      id: accounts.map((account) => account.id).join(','),
      createdAt: accounts.map((account) => account.createdAt).sort()[0] ?? first.account.createdAt,
      fresh: accounts.every((account) => account.fresh),
    },
    regions,
    scenarios: [...new Set(shards.flatMap(({ record }) => record.scenarios))],
    results: orderResults(
      shards.flatMap(({ record }) => record.results),
      regionOrder,
    ),
    shardGroup: group,
    accounts: shards.map(({ record, tag }) => ({ shard: tag?.index, id: record.account.id, regions: tag?.regions })),
  }
  // Each shard's follow-ups and CloudTrail capture cover its own regions: the night's are all of them.
  delete record.trail
  delete record.verifyFix
  delete record.blastRadius
  delete record.cleanupProblems
  const cleanupProblems = shards.flatMap(({ record }) => record.cleanupProblems ?? [])
  if (cleanupProblems.length > 0) record.cleanupProblems = cleanupProblems
  const trail = mergedTrail(shards.flatMap(({ record }) => record.trail ?? []))
  if (trail) record.trail = trail
  const verifyFix = mergedVerifyFix(shards)
  if (verifyFix) record.verifyFix = verifyFix
  const blastRadius = shards.flatMap(({ record }) => record.blastRadius ?? [])
  if (blastRadius.length > 0) record.blastRadius = blastRadius
  return { record, missing: missingShards.map((shard) => shard.id) }
}

type TaggedRecord = { record: RunRecord; tag: ReturnType<typeof shardOf> }

function mergedTrail(captures: TrailCapture[]): TrailCapture | undefined {
  if (captures.length === 0) return undefined
  return {
    regions: [...new Set(captures.flatMap((capture) => capture.regions))],
    since: captures.map((capture) => capture.since).sort()[0]!,
    denials: captures.flatMap((capture) => capture.denials),
    problems: captures.flatMap((capture) => capture.problems),
  }
}

/**
 * Each shard verified its own patch in its own follow-up account: the night's fix is verified only when every
 * shard's was, and the reason says each shard's. Of several, no single follow-up run, account or patched policy
 * is the night's.
 */
function mergedVerifyFix(shards: TaggedRecord[], nightShards = shards.length): FixVerification | undefined {
  const tried = shards.flatMap(({ record, tag }) => (record.verifyFix ? [{ verification: record.verifyFix, tag }] : []))
  if (tried.length === 0) return undefined
  // A shard with denials of its own but no verification (it ran without --verify-fix, or stopped first).
  const untried = shards.filter(({ record }) => !record.verifyFix && record.results.some(deniedToFix))
  if (untried.length > 0) {
    const merged = mergedVerifyFix(
      shards.filter((shard) => !untried.includes(shard)),
      nightShards,
    )!
    const names = untried.map(({ tag }) => shardLabel(tag)).join(', ')
    return { ...merged, status: 'not-verified', reason: `${names}: denials not verified; ${merged.reason}` }
  }
  // One shard had denials to fix: its patch is the night's, and its follow-up run the night's.
  if (tried.length === 1) {
    const [{ verification, tag }] = tried as [(typeof tried)[number]]
    return nightShards === 1 ? verification : { ...verification, reason: `${shardLabel(tag)}: ${verification.reason}` }
  }
  const all = tried.map(({ verification }) => verification)
  return {
    status: all.every((verification) => verification.status === 'verified') ? 'verified' : 'not-verified',
    reason: tried
      .map(
        ({ verification, tag }) =>
          `${shardLabel(tag)}: ${verification.status === 'verified' ? 'verified' : 'not verified'}, ${verification.reason}`,
      )
      .join('; '),
    regions: [...new Set(all.flatMap((verification) => verification.regions))],
    scenarios: [...new Set(all.flatMap((verification) => verification.scenarios))],
    steps: all.flatMap((verification) => verification.steps),
    otherFailures: all.flatMap((verification) => verification.otherFailures),
  }
}

const deniedToFix = (result: RunRecord['results'][number]): boolean =>
  result.outcome.kind === 'denied' && result.expect !== 'denied' && !result.transientDenial

const shardLabel = (tag: TaggedRecord['tag']): string => (tag ? `shard ${tag.index}/${tag.count}` : 'a shard')

/** A shard job re-run (GitHub "re-run failed jobs") adds a second record for its index: the later one counts. */
function latestPerShard(shards: TaggedRecord[]): TaggedRecord[] {
  const byIndex = new Map<string, TaggedRecord>()
  for (const shard of shards) {
    const key = shard.tag ? `${shard.tag.group}\u0000${shard.tag.index}` : shard.record.runId
    const known = byIndex.get(key)
    if (!known || Date.parse(shard.record.startedAt) > Date.parse(known.record.startedAt)) byIndex.set(key, shard)
  }
  return [...byIndex.values()]
}

const rank = (order: readonly string[], name: string): number => {
  const index = order.indexOf(name)
  return index === -1 ? order.length : index
}
