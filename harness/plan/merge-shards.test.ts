/** Shard records → one run record (pure): order, a re-run shard, a missing shard, shards that differ. */
import { describe, expect, it } from 'vitest'
import { allowed, deniedBy, makeRun } from '../history/run-fixtures.js'
import type { RunRecord } from '../history/types.js'
import { mergeShardRecords } from './merge-shards.js'
import { splitRegions } from './shard-split.js'

const S = 'logs/create-tagged-log-group'
const plan = splitRegions(['us-east-1', 'ca-central-1', 'eu-west-1'], 3)
const shard = (index: number, region: string, startedAt: string, extra: Partial<RunRecord> = {}): RunRecord =>
  ({
    ...makeRun(
      `${startedAt.slice(0, 19).replaceAll(':', '-')}Z-s${index}`,
      startedAt,
      [[S, 'CreateLogGroup', region, allowed()]],
      extra,
    ),
    shard: { group: 'night', index, count: 3, regions: [region] },
  }) as RunRecord

describe('mergeShardRecords', () => {
  it('Given every shard, Then one run in plan order, spanning the shards, with no shard tag', () => {
    const { record, missing } = mergeShardRecords(
      'night',
      [
        shard(3, 'eu-west-1', '2026-11-02T03:19:00.000Z'),
        shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z'),
        shard(2, 'ca-central-1', '2026-11-02T03:18:00.000Z'),
      ],
      plan,
    )
    expect(missing).toEqual([])
    expect(record.regions.map((r) => r.name)).toEqual(['us-east-1', 'ca-central-1', 'eu-west-1'])
    expect(record.results.map((r) => r.region)).toEqual(['us-east-1', 'ca-central-1', 'eu-west-1'])
    expect(record.startedAt).toBe('2026-11-02T03:17:00.000Z')
    expect((record as { shard?: unknown }).shard).toBeUndefined()
    // The same group merges to the same run id, so a second merge adds nothing to the store.
    expect(mergeShardRecords('night', [shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z')], plan).record.runId).toBe(
      record.runId,
    )
  })

  it('Given no shard record at all, Then the error says the shards stopped first and where to look (QA)', () => {
    expect(() => mergeShardRecords('night', [], plan)).toThrow(
      'no shard record of group night to merge: every shard stopped before writing its run record',
    )
  })

  it('Given a shard re-run, Then its later record counts', () => {
    const first = shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z')
    const rerun = {
      ...shard(1, 'us-east-1', '2026-11-02T04:00:00.000Z'),
      results: [{ ...first.results[0], outcome: deniedBy('logs:TagResource') }],
    } as RunRecord
    const { record } = mergeShardRecords('night', [rerun, first], plan)
    expect(record.results.filter((r) => r.region === 'us-east-1').map((r) => r.outcome.kind)).toEqual(['denied'])
  })

  it('Given a missing shard, Then its regions are in the run with an error saying so', () => {
    const { record, missing } = mergeShardRecords('night', [shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z')], plan)
    expect(missing).toEqual(['2/3', '3/3'])
    expect(record.regions).toContainEqual({
      name: 'ca-central-1',
      error: expect.stringMatching(/^shard 2\/3 did not report/),
    })
  })

  it('Given shards run with different policies, Then refused, naming the field', () => {
    expect(() =>
      mergeShardRecords(
        'night',
        [
          shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z'),
          shard(2, 'ca-central-1', '2026-11-02T03:18:00.000Z', { policyHash: 'sha256:other' }),
        ],
        plan,
      ),
    ).toThrowError(/shards 1\/3 and 2\/3 ran with a different policyHash/)
  })

  it('Given a replay on an emulator of its own, Then shards whose clocks read minutes apart merge; another day is refused', () => {
    const at = (emulatorDate: string) => ({ emulatorDate })
    const merged = mergeShardRecords(
      'night',
      [
        shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z', at('2022-10-01T00:02:41.904Z')),
        shard(2, 'ca-central-1', '2026-11-02T03:18:00.000Z', at('2022-10-01T00:00:03.120Z')),
        shard(3, 'eu-west-1', '2026-11-02T03:19:00.000Z', at('2022-10-01T00:05:00.000Z')),
      ],
      plan,
    )
    expect(merged.record.emulatorDate).toBe('2022-10-01T00:00:03.120Z') // the earliest
    expect(() =>
      mergeShardRecords(
        'night',
        [
          shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z', at('2022-10-01T00:02:41.904Z')),
          shard(2, 'ca-central-1', '2026-11-02T03:18:00.000Z', at('2023-02-01T00:00:00.000Z')),
        ],
        plan,
      ),
    ).toThrowError(/ran with a different emulatorDate \(2022-10-01T00:02:41.904Z vs 2023-02-01T00:00:00.000Z\)/)
  })

  it('Given no shard, Then a merge failure (exit 3), never an empty green run', () => {
    expect(() => mergeShardRecords('night', [], plan)).toThrowError(
      expect.objectContaining({ code: 'SHARD_MERGE_FAILED' }),
    )
  })

  it('Given shards with their own follow-ups and CloudTrail captures, Then the night holds all of them, never one shard’s alone (review)', () => {
    const fix = (region: string, status: 'verified' | 'not-verified') => ({
      status,
      reason: `${region} reason`,
      runId: `follow-up-${region}`,
      accountId: '123456789012',
      regions: [region],
      scenarios: [S],
      steps: [{ scenario: S, step: 'CreateLogGroup', region, outcome: 'allowed' as const }],
      otherFailures: [],
    })
    const trail = (region: string) => ({
      regions: [region],
      since: '2026-11-02T03:00:00.000Z',
      denials: [],
      problems: [],
    })
    const radius = (region: string) => ({
      scenario: S,
      step: 'CreateLogGroup',
      region,
      radius: 'unknown' as const,
      reason: 'r',
    })
    const { record } = mergeShardRecords(
      'night',
      [
        shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z', {
          verifyFix: fix('us-east-1', 'verified'),
          trail: trail('us-east-1'),
          blastRadius: [radius('us-east-1')],
        }),
        shard(2, 'ca-central-1', '2026-11-02T03:18:00.000Z', {
          verifyFix: fix('ca-central-1', 'not-verified'),
          trail: trail('ca-central-1'),
          blastRadius: [radius('ca-central-1')],
        }),
        shard(3, 'eu-west-1', '2026-11-02T03:19:00.000Z'),
      ],
      plan,
    )
    expect(record.verifyFix).toEqual({
      status: 'not-verified',
      reason: 'shard 1/3: verified, us-east-1 reason; shard 2/3: not verified, ca-central-1 reason',
      regions: ['us-east-1', 'ca-central-1'],
      scenarios: [S],
      steps: [
        { scenario: S, step: 'CreateLogGroup', region: 'us-east-1', outcome: 'allowed' },
        { scenario: S, step: 'CreateLogGroup', region: 'ca-central-1', outcome: 'allowed' },
      ],
      otherFailures: [],
    })
    expect(record.trail?.regions).toEqual(['us-east-1', 'ca-central-1'])
    expect(record.blastRadius?.map((finding) => finding.region)).toEqual(['us-east-1', 'ca-central-1'])
    // One shard had a fix to verify: its follow-up is the night's, said as that shard's.
    const one = mergeShardRecords(
      'night',
      [
        shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z', { verifyFix: fix('us-east-1', 'verified') }),
        shard(2, 'ca-central-1', '2026-11-02T03:18:00.000Z'),
      ],
      plan,
    ).record
    expect(one.verifyFix).toMatchObject({
      status: 'verified',
      reason: 'shard 1/3: us-east-1 reason',
      runId: 'follow-up-us-east-1',
    })
    // Another shard had denials it did not verify: the night's fix is not verified (review).
    const unverified = shard(2, 'ca-central-1', '2026-11-02T03:18:00.000Z')
    unverified.results = [{ ...unverified.results[0]!, outcome: deniedBy('logs:TagResource') }]
    const partial = mergeShardRecords(
      'night',
      [shard(1, 'us-east-1', '2026-11-02T03:17:00.000Z', { verifyFix: fix('us-east-1', 'verified') }), unverified],
      plan,
    ).record
    expect(partial.verifyFix).toMatchObject({
      status: 'not-verified',
      reason: 'shard 2/3: denials not verified; shard 1/3: us-east-1 reason',
    })
  })
})
